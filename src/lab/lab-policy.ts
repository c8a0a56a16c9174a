// The DR policy that describes the lab's own world, with demo-speed intervals, so every aksdr
// command can be tried against a running lab at once (`aksdr … .aksdr-lab/policy.yaml`).
import { renderPolicyYaml, type FailoverPolicyInput } from '../policy/index.js';
import { appUrl, type LabContext } from './context.js';
import { endpointRegion } from './lab-state.js';

export function labPolicy(ctx: LabContext): FailoverPolicyInput {
  const { world } = ctx;
  const endpoints = Array.isArray(world.trafficManager.properties.endpoints)
    ? (world.trafficManager.properties.endpoints as { name: string; properties: Record<string, unknown> }[])
    : [];
  const endpointOf = (region: string): string => endpoints.find((e) => endpointRegion(ctx, e.properties) === region)?.name ?? `ep-${region}`;
  const steadyWeights = Object.fromEntries(world.clusters.map((c) => [c.region, c.role === 'primary' ? 1000 : 1]));
  return {
    apiVersion: 'aksdr/v1alpha1',
    kind: 'FailoverPolicy',
    metadata: { name: 'shop', labels: { environment: 'lab' } },
    spec: {
      subscriptionId: world.identity.subscriptionId,
      regions: world.clusters.map((c) => ({
        name: c.region,
        role: c.role,
        cluster: c.resourceId,
        endpoint: endpointOf(c.region),
        endpointType: 'ExternalEndpoints',
        app: { url: appUrl(ctx, c.region) },
        nodePool: 'user',
      })),
      trafficManager: { profile: world.trafficManager.id, routing: 'weighted', steadyWeights, shift: { steps: [100], pauseSeconds: 0 }, dnsTtlSeconds: trafficManagerTtl(world) },
      health: {
        intervalSeconds: 2,
        timeoutSeconds: 1,
        unhealthyAfter: 3,
        healthyAfter: 10,
        signals: ['aks', 'apiServer', 'nodes', 'workloads', 'app'],
        workloads: { namespace: world.spec.appNamespace, deployments: [...world.spec.deployments] },
      },
      readiness: {
        acr: { registry: world.registry.resource.id, images: 'fromWorkloads' },
        backup: { schedule: world.spec.backupSchedule, maxAgeMinutes: 60 },
        versionDrift: { namespaces: [world.spec.appNamespace] },
        capacity: { nodePool: 'user', minNodes: 3, scaleUp: true, timeoutSeconds: 120 },
      },
      failover: { mode: 'automatic', minDwellMinutes: 5, maxFailovers: { count: 2, windowHours: 24 }, failback: 'manual', failbackHoldDownMinutes: 5, order: world.spec.standby === 'cold' ? 'restoreFirst' : 'shiftFirst', matchReplicas: true },
      recovery: { velero: { namespace: 'velero', schedule: world.spec.backupSchedule, includedNamespaces: [world.spec.appNamespace], timeoutMinutes: 5 } },
      objectives: { rtoMinutes: 5, rpoMinutes: 60 },
    },
  };
}

/** The lab profile's DNS TTL as it stands (`dnsConfig.ttl`). */
function trafficManagerTtl(world: LabContext['world']): number {
  const dnsConfig = (world.trafficManager.properties as { dnsConfig?: { ttl?: unknown } }).dnsConfig;
  return typeof dnsConfig?.ttl === 'number' ? dnsConfig.ttl : 30;
}

export function labPolicyYaml(ctx: LabContext): string {
  return renderPolicyYaml(labPolicy(ctx), { schemaComment: '' });
}
