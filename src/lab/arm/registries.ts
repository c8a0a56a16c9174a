// Azure Container Registry (Microsoft.ContainerRegistry/registries): the geo-replicated registry
// and its replications. A replica's health is computed when read: `acr-replica-degraded` on a
// region shows that replication as Syncing (behind the home registry), `region-down` as
// Unavailable; provisioningState stays Succeeded, as it does for a real unhealthy replica.
// The registry's own resource provider stays reachable during a region outage (ACR's control
// plane is not pinned to one replica's region), so the replica status is how the outage shows.
import type { LabContext } from '../context.js';
import { json, type LabReply } from '../http/handler.js';
import type { ArmResource } from '../world/world.js';
import { armErrors } from './errors.js';
import { isRecord } from './merge.js';
import { resourceGroupOf, sameName, type ArmCall, type ArmRoute } from './router.js';

const registryType = 'Microsoft.ContainerRegistry/registries';
const registryPrefix = 'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/{registryName}';

function findRegistry(ctx: LabContext, params: Record<string, string>): ArmResource | undefined {
  const registry = ctx.world.registry.resource;
  return sameName(registry.name, params.registryName) && sameName(resourceGroupOf(registry.id), params.resourceGroupName) ? registry : undefined;
}

function requireRegistry(call: ArmCall): ArmResource {
  const registry = findRegistry(call.ctx, call.params);
  if (!registry) throw armErrors.resourceNotFound(registryType, call.params.registryName ?? '', call.params.resourceGroupName ?? '');
  return registry;
}

export function renderReplication(ctx: LabContext, replication: ArmResource): ArmResource {
  const out = structuredClone(replication);
  const region = String(out.location);
  const down = ctx.faults.active(region, 'region-down');
  const degraded = ctx.faults.active(region, 'acr-replica-degraded');
  const since = (at: number): string => new Date(at).toISOString();
  if (down) {
    out.properties.status = { displayStatus: 'Unavailable', message: `The replication in ${region} is unavailable: the region is not serving requests.`, timestamp: since(down.injectedAt) };
  } else if (degraded) {
    out.properties.status = { displayStatus: 'Syncing', message: `The replication in ${region} is degraded and behind the home registry; recently pushed content may be missing.`, timestamp: since(degraded.injectedAt) };
  } else if (!isRecord(out.properties.status)) {
    out.properties.status = { displayStatus: 'Ready', message: 'The replication is ready.', timestamp: since(ctx.clock.now()) };
  }
  return out;
}

export function registryRoutes(): ArmRoute[] {
  const list = (ctx: LabContext, filter: (r: ArmResource) => boolean): LabReply => json(200, { value: [ctx.world.registry.resource].filter(filter) });
  return [
    { template: 'subscriptions/{subscriptionId}/providers/Microsoft.ContainerRegistry/registries', methods: { GET: ({ ctx }) => list(ctx, () => true) } },
    {
      template: 'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerRegistry/registries',
      methods: { GET: ({ ctx, params }) => list(ctx, (r) => sameName(resourceGroupOf(r.id), params.resourceGroupName)) },
    },
    {
      template: registryPrefix,
      regionOf: ({ ctx, params }) => (findRegistry(ctx, params) ? String(ctx.world.registry.resource.location) : undefined),
      methods: { GET: (call) => json(200, requireRegistry(call)) },
    },
    {
      template: `${registryPrefix}/replications`,
      methods: {
        GET: (call) => {
          requireRegistry(call);
          return json(200, { value: call.ctx.world.registry.replications.map((r) => renderReplication(call.ctx, r)) });
        },
      },
    },
    {
      template: `${registryPrefix}/replications/{replicationName}`,
      regionOf: ({ ctx, params }) => ctx.world.registry.replications.find((r) => sameName(r.name, params.replicationName))?.location as string | undefined,
      methods: {
        GET: (call) => {
          const registry = requireRegistry(call);
          const replication = call.ctx.world.registry.replications.find((r) => sameName(r.name, call.params.replicationName));
          if (!replication) throw armErrors.resourceNotFound(`${registryType}/replications`, `${registry.name}/${call.params.replicationName ?? ''}`, call.params.resourceGroupName ?? '');
          return json(200, renderReplication(call.ctx, replication));
        },
      },
    },
  ];
}
