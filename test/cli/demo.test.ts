import { describe, expect, it } from 'vitest';
import { runAksdr } from '../fixtures/cli.js';
import { withTempDir } from '../fixtures/temp-dir.js';

describe('aksdr demo (what npm start runs)', () => {
  it('tells the whole story — failover with the restore, recovery, hold-down, failback — then a summary, and exits 0 without a terminal', { timeout: 240_000 }, async () => {
    const { dir, cleanup } = await withTempDir('aksdr-demo-');
    try {
      // Standard input is not a terminal here (spawned with stdin ignored): the demo ends after the summary.
      const result = await runAksdr(['demo', '--dir', dir]);
      if (result.code !== 0) console.error(`demo output:\n${result.stdout}\n${result.stderr}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.code).toBe(0);
      const out = result.stdout;
      expect(out).toMatch(/failback hold-down is shortened from 5 min to 1 min/);
      // The failover.
      expect(out).toContain('▶ breaking westeurope: region-down');
      expect(out).toMatch(/operation shop-failover-northeurope-\d{8}T\d{6}Z succeeded/);
      expect(out).toContain('checkReadiness → shiftWeights → verifyTrafficManager → scaleUp → restore → scaleWorkloads → verifyWorkloads → done');
      expect(out).toMatch(/ep-weu\s+westeurope\s+Disabled/);
      expect(out).toMatch(/shop-\d{8}t\d{6}z:Completed/);
      // Recovery, the hold-down refusing an early failback, then the failback, in that order.
      const healed = out.indexOf('▶ healing westeurope');
      const refused = out.search(/a failback now is refused by failback-hold-down/);
      const failedBack = out.search(/operation shop-failback-westeurope-\d{8}T\d{6}Z succeeded/);
      expect(healed).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(healed);
      expect(failedBack).toBeGreaterThan(refused);
      expect(out).toContain('checkReadiness → shiftWeights → verifyTrafficManager → done');
      expect(out.slice(failedBack)).toMatch(/ep-weu\s+westeurope\s+Enabled\s+1000/);
      expect(out.slice(failedBack)).toMatch(/ep-neu\s+northeurope\s+Enabled\s+1\n/);
      // The summary, with a measured time on each phase.
      const summary = out.slice(out.indexOf('Summary — measured on the wall clock against the lab:'));
      for (const phase of ['detection', 'readiness', 'weight shift', 'scale-up', 'restore', 'outage → traffic moved', 'outage → users moved', 'recovery', 'hold-down', 'failback', 'whole story']) {
        expect(summary).toMatch(new RegExp(`\\n  ${phase}\\s+\\d[^\\n]*(s|min)`));
      }
      expect(summary).toContain('1 min for the demo; 5 min in the policy');
    } finally {
      await cleanup();
    }
  });
});
