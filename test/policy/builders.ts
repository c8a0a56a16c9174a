// Test builders: a valid policy object in a few words, changed only where a test cares.
import type { FailoverPolicyInput, RegionSpecInput } from '../../src/policy/index.js';

const SUBSCRIPTION = '6f1c2d3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';

export function clusterId(name: string, subscription = SUBSCRIPTION): string {
  return `/subscriptions/${subscription}/resourceGroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/aks-${name}`;
}

export function profileId(name = 'tm-shop'): string {
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-global/providers/Microsoft.Network/trafficManagerProfiles/${name}`;
}

class PolicyBuilder {
  private policy: FailoverPolicyInput;

  constructor() {
    this.policy = {
      apiVersion: 'aksdr/v1alpha1',
      kind: 'FailoverPolicy',
      metadata: { name: 'shop' },
      spec: {
        regions: [],
        trafficManager: { profile: profileId(), steadyWeights: {} },
        health: { signals: ['aks', 'apiServer', 'nodes', 'app'] },
      },
    };
    this.withRegions('westeurope', 'northeurope');
  }

  /** The first region is the primary; it gets weight 1000, the others 1 (warm standby). */
  withRegions(...names: string[]): this {
    this.policy.spec.regions = names.map((name, index): RegionSpecInput => ({
      name,
      role: index === 0 ? 'primary' : 'secondary',
      cluster: clusterId(name),
      endpoint: `ep-${name}`,
      app: { url: `https://${name}.shop.example.com/healthz` },
    }));
    this.policy.spec.trafficManager.steadyWeights = Object.fromEntries(names.map((name, index) => [name, index === 0 ? 1000 : 1]));
    return this;
  }

  named(name: string): this {
    this.policy.metadata.name = name;
    return this;
  }

  with(change: (policy: FailoverPolicyInput) => void): this {
    change(this.policy);
    return this;
  }

  build(): FailoverPolicyInput {
    return structuredClone(this.policy);
  }
}

export function aPolicy(): PolicyBuilder {
  return new PolicyBuilder();
}
