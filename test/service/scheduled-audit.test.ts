// Scheduled drills run only on the replica that acts, and until the drill runner lands each run is a
// readiness audit of every region that could take the traffic, recorded in the audit trail.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import { failoverPolicySchema } from '../../src/policy/schema.js';
import { readinessAudit, scheduleDrills } from '../../src/service/scheduled-audit.js';
import { AuditTrail } from '../../src/state/audit-trail.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { FakeReadiness } from '../engine/support/fake-observer.js';

function aScheduledPolicy() {
  const base = aPolicy().build();
  return failoverPolicySchema.parse({ ...base, spec: { ...base.spec, drills: { schedule: '0 3 * * 1' } } });
}

describe('scheduled readiness audits', () => {
  it('audit the standby on the acting replica and record the result; other replicas skip', async () => {
    const clock = new FakeClock();
    const store = new MemoryStateStore();
    const readiness = new FakeReadiness(clock);
    readiness.fail('northeurope', 'backupFreshness', 'newest backup is 3 h old');
    let acting = false;
    const finished: string[] = [];
    const schedule = scheduleDrills({ policy: aScheduledPolicy(), isActing: () => acting, run: readinessAudit(readiness, () => Promise.resolve('westeurope')), audit: new AuditTrail(store), clock, onFinished: (r) => finished.push(r.summary) });
    try {
      await schedule.runNow();
      expect(await new AuditTrail(store).query('shop')).toEqual([]);
      acting = true;
      await schedule.runNow();
      const [record] = await new AuditTrail(store).query('shop');
      expect(record).toMatchObject({ kind: 'action', by: 'schedule', details: { scheduled: '0 3 * * 1', ok: false, kind: 'readiness-audit' } });
      expect(record?.summary).toContain('northeurope/backupFreshness: fail');
      expect(finished).toHaveLength(1);
    } finally {
      await schedule.stop();
    }
  });
});
