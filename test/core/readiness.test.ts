import { describe, expect, it } from 'vitest';
import { blockingResults, isReady } from '../../src/core/readiness.js';
import { aReadiness } from './builders/world.js';

describe('readiness', () => {
  it('is ready when every check passes', () => {
    expect(isReady(aReadiness('northeurope').build())).toBe(true);
  });

  it('is not ready when a check fails', () => {
    expect(isReady(aReadiness('northeurope').acrReplicaDegraded().build())).toBe(false);
  });

  it('is not ready when a check cannot tell: unknown is not proof of readiness', () => {
    const report = aReadiness('northeurope').with('backupFreshness', 'unknown', 'Velero API timed out').build();
    expect(isReady(report)).toBe(false);
    expect(blockingResults(report).map((result) => result.check)).toEqual(['backupFreshness']);
  });

  it('lets the plan repair what it can (a pool it scales up)', () => {
    const report = aReadiness('northeurope').with('capacity', 'fail', '2 of 6 nodes').build();
    expect(isReady(report, { repairable: ['capacity'] })).toBe(true);
  });

  it('does not let the plan "repair" a check that could not tell: unknown capacity still blocks', () => {
    const report = aReadiness('northeurope').with('capacity', 'unknown', 'AKS did not answer').build();
    expect(isReady(report, { repairable: ['capacity'] })).toBe(false);
  });
});
