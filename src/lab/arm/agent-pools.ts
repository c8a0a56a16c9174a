// AKS agent pools (managedClusters/{name}/agentPools): list, get, and PUT (a full replace, see
// agent-pool-model.ts) as a long-running operation. provisioningState moves as AKS's does:
// Creating | Scaling | Updating while the operation runs, then Succeeded, or Failed when a capacity
// fault fails it; reads show the desired count meanwhile. When it completes the count applies and
// the cluster's Node objects follow (reconcileNodes).
import { randomUUID } from 'node:crypto';
import { json, type LabReply } from '../http/handler.js';
import { reconcileNodes, type AgentPoolState, type ClusterState } from '../world/world.js';
import type { ArmState } from './arm-state.js';
import { desiredPool, invalidParameter, poolDefaults } from './agent-pool-model.js';
import { capacityFailure } from './aks-operation-faults.js';
import { ArmError, armErrors } from './errors.js';
import { assertNoOperationInProgress, clusterPrefix, clusterRegion, clusterType, requireCluster } from './managed-clusters.js';
import { isRecord, propertiesOf, type JsonObject } from './merge.js';
import { sameName, type ArmCall, type ArmRoute } from './router.js';

const poolType = `${clusterType}/agentPools`;

function poolId(cluster: ClusterState, pool: AgentPoolState): string {
  return `${cluster.resourceId}/agentPools/${pool.name}`;
}

export function renderAgentPoolProperties(state: ArmState, cluster: ClusterState, pool: AgentPoolState): JsonObject {
  const pending = state.operations.inProgress(poolId(cluster, pool));
  return {
    ...structuredClone(poolDefaults),
    vmSize: pool.vmSize,
    ...structuredClone(pool.settings),
    count: pending?.pendingCount ?? pool.count,
    eTag: pool.eTag,
    provisioningState: pool.provisioningState,
    powerState: { code: pool.powerState === 'Running' && cluster.powerState === 'Running' ? 'Running' : 'Stopped' },
    orchestratorVersion: typeof pool.settings.orchestratorVersion === 'string' ? pool.settings.orchestratorVersion : cluster.kubernetesVersion,
    currentOrchestratorVersion: cluster.kubernetesVersion,
    mode: pool.mode,
    nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.03.0',
  };
}

function renderAgentPool(state: ArmState, cluster: ClusterState, pool: AgentPoolState): JsonObject {
  return { id: poolId(cluster, pool), name: pool.name, type: poolType, properties: renderAgentPoolProperties(state, cluster, pool) };
}

export function agentPoolRoutes(): ArmRoute[] {
  return [
    {
      template: `${clusterPrefix}/agentPools`,
      regionOf: clusterRegion,
      regionalProvider: true,
      methods: {
        GET: (call) => {
          const cluster = requireCluster(call);
          return json(200, { value: cluster.agentPools.map((p) => renderAgentPool(call.state, cluster, p)) });
        },
      },
    },
    {
      template: `${clusterPrefix}/agentPools/{agentPoolName}`,
      regionOf: clusterRegion,
      regionalProvider: true,
      methods: {
        GET: (call) => {
          const cluster = requireCluster(call);
          const pool = cluster.agentPools.find((p) => sameName(p.name, call.params.agentPoolName));
          if (!pool) throw armErrors.resourceNotFound(poolType, `${cluster.name}/${call.params.agentPoolName ?? ''}`, cluster.resourceGroup);
          return json(200, renderAgentPool(call.state, cluster, pool));
        },
        PUT: putAgentPool,
      },
    },
  ];
}

function putAgentPool(call: ArmCall): LabReply {
  const cluster = requireCluster(call);
  const body = call.body();
  if (!isRecord(body)) throw armErrors.invalidRequestContent(body === undefined ? 'The request body is required.' : 'The request body must be a JSON object.');
  const name = call.params.agentPoolName ?? '';
  const existing = cluster.agentPools.find((p) => sameName(p.name, name));
  if (!existing && !/^[a-z][a-z0-9]{0,11}$/.test(name)) throw invalidParameter('name', 'Agent pool names must start with a lowercase letter and have at most 12 lowercase letters and digits.');
  const desired = desiredPool(propertiesOf(body), existing);
  if (existing?.mode === 'System' && desired.mode === 'User' && !cluster.agentPools.some((p) => p !== existing && p.mode === 'System')) {
    throw invalidParameter('mode', 'A cluster must keep at least one System agent pool.');
  }
  if (cluster.powerState === 'Stopped') {
    throw new ArmError(409, 'OperationNotAllowed', `Managed cluster '${cluster.name}' is in stopped state; agent pool operations are not allowed until it is started.`);
  }
  assertNoOperationInProgress(call.state, cluster);

  const pool: AgentPoolState = existing ?? { name, mode: desired.mode, count: 0, vmSize: desired.vmSize, provisioningState: 'Creating', powerState: 'Running', settings: {}, eTag: randomUUID() };
  if (!existing) cluster.agentPools.push(pool);
  const scaling = existing !== undefined && desired.count !== existing.count;
  const growing = desired.count > pool.count;
  pool.mode = desired.mode;
  pool.settings = desired.settings;
  pool.eTag = randomUUID();
  if (existing) pool.provisioningState = scaling ? 'Scaling' : 'Updating';
  const description = !existing ? 'create agentpool' : scaling ? 'scale agentpool' : 'update agentpool';
  const op = call.state.operations.start({
    location: cluster.region,
    resourceId: poolId(cluster, pool),
    description,
    pendingCount: desired.count,
    complete: () => {
      const failure = growing ? capacityFailure(call.ctx, cluster, pool, desired.count) : undefined;
      if (failure) {
        pool.provisioningState = 'Failed';
        throw failure;
      }
      pool.count = desired.count;
      pool.provisioningState = 'Succeeded';
      reconcileNodes(cluster, () => call.ctx.clock.now(), call.ctx.timing.nodeBootMs);
    },
  });
  return json(existing ? 200 : 201, renderAgentPool(call.state, cluster, pool), call.state.operations.pollingHeaders(op, false));
}
