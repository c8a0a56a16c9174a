// AKS agent pools (managedClusters/{name}/agentPools): list, get, and PUT as a long-running
// operation. A scale shows `Scaling` with the desired count until the operation completes on the
// lab clock; then the count applies and the cluster's Node objects follow (reconcileNodes).
import { json, type LabReply } from '../http/handler.js';
import { reconcileNodes, type AgentPoolState, type ClusterState } from '../world/world.js';
import type { ArmState } from './arm-state.js';
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
    count: pending?.pendingCount ?? pool.count,
    vmSize: pool.vmSize,
    osDiskSizeGB: 128,
    osDiskType: 'Ephemeral',
    kubeletDiskType: 'OS',
    maxPods: 250,
    type: 'VirtualMachineScaleSets',
    availabilityZones: ['1', '2', '3'],
    enableAutoScaling: false,
    provisioningState: pool.provisioningState,
    powerState: { code: pool.powerState === 'Running' && cluster.powerState === 'Running' ? 'Running' : 'Stopped' },
    orchestratorVersion: cluster.kubernetesVersion,
    currentOrchestratorVersion: cluster.kubernetesVersion,
    enableNodePublicIP: false,
    mode: pool.mode,
    osType: 'Linux',
    osSKU: 'Ubuntu',
    nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.03.0',
    upgradeSettings: { maxSurge: '10%' },
    enableFIPS: false,
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

function invalidParameter(field: string, detail?: string): ArmError {
  const message = `The value of parameter agentPoolProfile.${field} is invalid.${detail ? ` ${detail}` : ''} Please see https://aka.ms/aks-naming-rules for more details.`;
  return new ArmError(400, 'InvalidParameter', message, {}, `agentPoolProfile.${field}`);
}

function putAgentPool(call: ArmCall): LabReply {
  const cluster = requireCluster(call);
  const body = call.body();
  if (!isRecord(body)) throw armErrors.invalidRequestContent(body === undefined ? 'The request body is required.' : 'The request body must be a JSON object.');
  const props = propertiesOf(body);
  const name = call.params.agentPoolName ?? '';
  const existing = cluster.agentPools.find((p) => sameName(p.name, name));

  const count = props.count ?? existing?.count ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1000) throw invalidParameter('count', 'The count must be an integer between 0 and 1000.');
  const modeInput = props.mode ?? existing?.mode ?? 'User';
  const mode = typeof modeInput === 'string' ? (['System', 'User'] as const).find((m) => m.toLowerCase() === modeInput.toLowerCase()) : undefined;
  if (!mode) throw invalidParameter('mode', "The mode must be 'System' or 'User'.");
  if (mode === 'System' && count === 0) throw invalidParameter('count', 'A System agent pool must have at least 1 node; only User agent pools can scale to 0.');
  if (existing?.mode === 'System' && mode === 'User' && !cluster.agentPools.some((p) => p !== existing && p.mode === 'System')) {
    throw invalidParameter('mode', 'A cluster must keep at least one System agent pool.');
  }
  if (existing && props.vmSize !== undefined && props.vmSize !== existing.vmSize) {
    throw new ArmError(400, 'PropertyChangeNotAllowed', "Changing property 'vmSize' is not allowed.", {}, 'vmSize');
  }
  if (!existing && !/^[a-z][a-z0-9]{0,11}$/.test(name)) throw invalidParameter('name', 'Agent pool names must start with a lowercase letter and have at most 12 lowercase letters and digits.');
  if (cluster.powerState === 'Stopped') {
    throw new ArmError(409, 'OperationNotAllowed', `Managed cluster '${cluster.name}' is in stopped state; agent pool operations are not allowed until it is started.`);
  }
  assertNoOperationInProgress(call.state, cluster);

  let pool = existing;
  if (pool) {
    pool.mode = mode;
    pool.provisioningState = count !== pool.count ? 'Scaling' : 'Updating';
  } else {
    const vmSize = typeof props.vmSize === 'string' ? props.vmSize : 'Standard_D4ds_v5';
    pool = { name, mode, count: 0, vmSize, provisioningState: 'Creating', powerState: 'Running' };
    cluster.agentPools.push(pool);
  }
  const changed = pool;
  const op = call.state.operations.start({
    location: cluster.region,
    resourceId: poolId(cluster, changed),
    description: !existing ? 'create agentpool' : count !== changed.count ? 'scale agentpool' : 'update agentpool',
    pendingCount: count,
    complete: () => {
      changed.count = count;
      changed.provisioningState = 'Succeeded';
      reconcileNodes(cluster, () => call.ctx.clock.now());
    },
  });
  return json(existing ? 200 : 201, renderAgentPool(call.state, cluster, changed), call.state.operations.pollingHeaders(op, call.apiVersion, false));
}
