import { describe, expect, it } from 'vitest';
import { allRegionsDown, vantageDisagrees } from '../../src/core/doubt.js';
import { aPolicy } from './builders/policy-builder.js';
import { aHealth } from './builders/world.js';

describe('doubt', () => {
  const policy = aPolicy().withRegions('westeurope', 'northeurope', 'eastus').build();

  it('suspects ourselves when every region is Unhealthy or Suspect at once', () => {
    expect(allRegionsDown(policy, aHealth(policy).unhealthy('westeurope').suspect('northeurope').suspect('eastus').build())).toEqual({
      kind: 'all-regions-down',
      statuses: { westeurope: 'Unhealthy', northeurope: 'Suspect', eastus: 'Suspect' },
    });
  });

  it('does not doubt while one region is Healthy', () => {
    expect(allRegionsDown(policy, aHealth(policy).unhealthy('westeurope').unhealthy('northeurope').build())).toBeUndefined();
  });

  it('notices Traffic Manager seeing Online a region we call down, unless told to ignore it', () => {
    const health = aHealth(policy).unhealthy('westeurope').trafficManagerSees('westeurope', true).build();
    expect(vantageDisagrees(policy, health, 'westeurope')).toEqual({ kind: 'vantage-disagrees', region: 'westeurope', stance: 'caution', ours: 'Unhealthy', trafficManager: 'Online' });
    expect(vantageDisagrees(aPolicy().withVantage('ignore').build(), health, 'westeurope')).toBeUndefined();
    expect(vantageDisagrees(policy, aHealth(policy).unhealthy('westeurope').build(), 'westeurope')).toBeUndefined();
  });

  it("does not count Traffic Manager's Online before its monitor could have seen the outage (its lag never delays a failover)", () => {
    // Interval 10 s: 3 failed evaluations = 30 s of failure; Azure's default monitor needs up to 130 s.
    const early = aHealth(policy).unhealthy('westeurope').failedFor('westeurope', 3).trafficManagerSees('westeurope', true, 130).build();
    expect(policy.spec.health.intervalSeconds).toBe(10);
    expect(vantageDisagrees(policy, early, 'westeurope')).toBeUndefined();
    const justBefore = aHealth(policy).unhealthy('westeurope').failedFor('westeurope', 12).trafficManagerSees('westeurope', true, 130).build();
    expect(vantageDisagrees(policy, justBefore, 'westeurope')).toBeUndefined();
    // 13 × 10 s = 130 s: it has had the time to look and still says Online — a real disagreement.
    const late = aHealth(policy).unhealthy('westeurope').failedFor('westeurope', 13).trafficManagerSees('westeurope', true, 130).build();
    expect(vantageDisagrees(policy, late, 'westeurope')).toMatchObject({ kind: 'vantage-disagrees', stance: 'caution' });
    // Its fastest setting (10 s interval, 0 tolerated, 5 s timeout = 15 s) has had the time after 2 evaluations.
    const fast = aHealth(policy).unhealthy('westeurope').failedFor('westeurope', 2).trafficManagerSees('westeurope', true, 15).build();
    expect(vantageDisagrees(policy, fast, 'westeurope')).toMatchObject({ kind: 'vantage-disagrees' });
  });
});
