import { describe, expect, it } from 'vitest';
import { runAksdr } from '../fixtures/cli.js';
import { withTempDir } from '../fixtures/temp-dir.js';

describe('aksdr demo (what npm start runs)', () => {
  it('fails the lab primary over to the secondary, with the restore, and says what to try next', { timeout: 120_000 }, async () => {
    const { dir, cleanup } = await withTempDir('aksdr-demo-');
    try {
      const result = await runAksdr(['demo', '--dir', dir, '--exit-after', '0']);
      if (result.code !== 0) console.error(`demo output:\n${result.stdout}\n${result.stderr}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('▶ breaking westeurope: region-down');
      expect(result.stdout).toMatch(/operation shop-failover-northeurope-\d{8}T\d{6}Z succeeded/);
      expect(result.stdout).toContain('scaleUp → checkReadiness → shiftWeights → verifyTrafficManager → restore → verifyWorkloads → done');
      expect(result.stdout).toMatch(/ep-neu\s+northeurope\s+Enabled\s+1000/);
      expect(result.stdout).toMatch(/ep-weu\s+westeurope\s+Disabled/);
      expect(result.stdout).toMatch(/shop-\d{8}t\d{6}z:Completed/);
      expect(result.stdout).toContain("aksdr failback");
    } finally {
      await cleanup();
    }
  });
});
