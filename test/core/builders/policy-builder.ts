// Builds FailoverPolicy fixtures through the real schema, so every default is the product's default.
import { failoverPolicySchema, type FailoverPolicy, type FailoverPolicyInput, type SignalName } from '../../../src/policy/schema.js';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const resource = (provider: string, name: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-${name}/providers/${provider}/${name}`;
const short = (region: string) => region.slice(0, 6);

type Spec = FailoverPolicyInput['spec'];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class PolicyBuilder {
  private name = 'shop';
  private regions: string[] = ['westeurope', 'northeurope'];
  private weights: Record<string, number> | undefined;
  private spec: Mutable<Partial<Spec>> = {};

  named(name: string): this {
    this.name = name;
    return this;
  }
  /** The first region is the primary. */
  withRegions(...regions: string[]): this {
    this.regions = regions;
    return this;
  }
  withWeights(weights: Record<string, number>): this {
    this.weights = weights;
    return this;
  }
  withMode(mode: 'automatic' | 'approval' | 'manual'): this {
    return this.failover({ mode });
  }
  withFailback(failback: 'automatic' | 'manual', failbackHoldDownMinutes = 60): this {
    return this.failover({ failback, failbackHoldDownMinutes });
  }
  withDwell(minDwellMinutes: number): this {
    return this.failover({ minDwellMinutes });
  }
  withMaxFailovers(count: number, windowHours: number): this {
    return this.failover({ maxFailovers: { count, windowHours } });
  }
  withOrder(order: 'shiftFirst' | 'restoreFirst'): this {
    return this.failover({ order });
  }
  withOutage(outage: NonNullable<Spec['health']>['outage']): this {
    return this.health({ outage });
  }

  withInterval(intervalSeconds: number, timeoutSeconds = Math.max(1, Math.floor(intervalSeconds / 2))): this {
    return this.health({ intervalSeconds, timeoutSeconds });
  }

  withSignals(...signals: SignalName[]): this {
    return this.health({ signals });
  }
  withHysteresis(unhealthyAfter: number, healthyAfter: number): this {
    return this.health({ unhealthyAfter, healthyAfter });
  }
  withWindow(size: number, failures: number): this {
    return this.health({ window: { size, failures } });
  }
  withVantage(trafficManagerVantage: 'ignore' | 'caution' | 'veto'): this {
    return this.health({ trafficManagerVantage });
  }
  withShift(steps: readonly number[], pauseSeconds = 30): this {
    return this.traffic({ shift: { steps: [...steps], pauseSeconds } });
  }
  withDrainedWeight(drainedWeight: number): this {
    return this.traffic({ drainedWeight });
  }
  withPriorityRouting(): this {
    return this.traffic({ routing: 'priority' });
  }
  withCapacity(minNodes: number, scaleUp = true, nodePool = 'user'): this {
    this.spec.readiness = { ...this.spec.readiness, capacity: { nodePool, minNodes, scaleUp } };
    return this;
  }
  withRecovery(includedNamespaces: string[] = ['shop']): this {
    this.spec.recovery = { velero: { schedule: 'shop-hourly', includedNamespaces } };
    return this;
  }

  private failover(settings: Spec['failover']): this {
    this.spec.failover = { ...this.spec.failover, ...settings };
    return this;
  }
  private health(settings: Spec['health']): this {
    this.spec.health = { ...this.spec.health, ...settings };
    return this;
  }
  private trafficOverrides: Partial<Spec['trafficManager']> = {};
  private traffic(settings: Partial<Spec['trafficManager']>): this {
    this.trafficOverrides = { ...this.trafficOverrides, ...settings };
    return this;
  }

  input(): FailoverPolicyInput {
    const [primary = 'westeurope'] = this.regions;
    const priority = this.trafficOverrides.routing === 'priority';
    const steady = Object.fromEntries(this.regions.map((region, index) => [region, index === 0 ? 1000 : 1]));
    const priorities = Object.fromEntries(this.regions.map((region, index) => [region, index + 1]));
    return {
      apiVersion: 'aksdr/v1alpha1',
      kind: 'FailoverPolicy',
      metadata: { name: this.name },
      spec: {
        regions: this.regions.map((region) => ({
          name: region,
          role: region === primary ? 'primary' : 'secondary',
          cluster: resource('Microsoft.ContainerService/managedClusters', `aks-${short(region)}`),
          endpoint: `${region}-ep`,
          app: { url: `https://${region}.shop.example.com/healthz` },
        })),
        trafficManager: {
          profile: resource('Microsoft.Network/trafficManagerProfiles', 'tm-shop'),
          ...(priority ? { steadyPriorities: priorities } : { steadyWeights: this.weights ?? steady }),
          ...this.trafficOverrides,
        },
        health: { workloads: { namespace: 'shop', deployments: ['frontend', 'cart'] }, ...this.spec.health },
        readiness: this.spec.readiness ?? {},
        ...(this.spec.failover ? { failover: this.spec.failover } : {}),
        ...(this.spec.recovery ? { recovery: this.spec.recovery } : {}),
      },
    };
  }

  build(): FailoverPolicy {
    return failoverPolicySchema.parse(this.input());
  }
}

export function aPolicy(): PolicyBuilder {
  return new PolicyBuilder();
}
