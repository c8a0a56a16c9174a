// "Readiness lost" is announced once when a standby stops being ready, not on every report, and
// again only after it was ready in between.
import { describe, expect, it } from 'vitest';
import type { ReadinessReport } from '../../src/core/index.js';
import { ReadinessWatch } from '../../src/service/readiness-watch.js';
import { aPolicy } from '../core/builders/policy-builder.js';

const report = (at: number, status: 'pass' | 'fail'): ReadinessReport => ({ target: 'northeurope', at, results: [{ check: 'backupFreshness', region: 'northeurope', status, reason: status === 'fail' ? 'backup 3 h old' : 'fresh', evidence: {} }] });

describe('readiness watch', () => {
  it('announces readiness.failed once per loss', () => {
    const watch = new ReadinessWatch(aPolicy().build());
    expect(watch.update(report(1, 'pass'))).toBeUndefined();
    expect(watch.update(report(2, 'fail'))).toMatchObject({ event: 'readiness.failed', region: 'northeurope', message: expect.stringContaining('backup 3 h old') as unknown });
    expect(watch.update(report(3, 'fail'))).toBeUndefined();
    expect(watch.update(report(3, 'fail'))).toBeUndefined();
    expect(watch.update(report(4, 'pass'))).toBeUndefined();
    expect(watch.update(report(5, 'fail'))).toMatchObject({ event: 'readiness.failed' });
  });
});
