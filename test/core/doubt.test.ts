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
});
