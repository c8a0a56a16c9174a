// AKS managed clusters (Microsoft.ContainerService/managedClusters): the cluster as the service
// describes it, its kubeconfigs, and start/stop as long-running operations that change the power
// state (and so the cluster's Node objects) when they complete.
import { createHash } from 'node:crypto';
import type { LabContext } from '../context.js';
import { json, type LabReply } from '../http/handler.js';
import { kubeconfigFor, type CredentialKind } from '../kubeconfig.js';
import { nodeResourceGroupOf, reconcileNodes, type ClusterState } from '../world/world.js';
import type { ArmState } from './arm-state.js';
import { renderAgentPoolProperties } from './agent-pools.js';
import { capacityFailure, platformOperationConflict } from './aks-operation-faults.js';
import { ArmError, armErrors } from './errors.js';
import { sameName, type ArmCall, type ArmRoute } from './router.js';

export const clusterType = 'Microsoft.ContainerService/managedClusters';
export const clusterPrefix = 'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{clusterName}';

export function findCluster(ctx: LabContext, params: Record<string, string>): ClusterState | undefined {
  return ctx.world.clusters.find((c) => sameName(c.name, params.clusterName) && sameName(c.resourceGroup, params.resourceGroupName));
}

export function requireCluster(call: ArmCall): ClusterState {
  const cluster = findCluster(call.ctx, call.params);
  if (!cluster) throw armErrors.resourceNotFound(clusterType, call.params.clusterName ?? '', call.params.resourceGroupName ?? '');
  return cluster;
}

/** The region of the cluster a path names; undefined when there is no such cluster. */
export const clusterRegion = ({ ctx, params }: ArmCall): string | undefined => findCluster(ctx, params)?.region;

/** AKS refuses a second change while one is running on the same cluster. */
export function assertNoOperationInProgress(state: ArmState, cluster: ClusterState): void {
  const platform = platformOperationConflict(state.ctx, cluster);
  if (platform) throw platform;
  const running = state.operations.inProgress(cluster.resourceId);
  if (running) {
    throw new ArmError(409, 'OperationNotAllowed', `Operation is not allowed because there's an in progress ${running.description} operation on managed cluster '${cluster.name}'. Please wait for it to finish before starting a new operation.`);
  }
}

function subscriptionOf(cluster: ClusterState): string {
  return cluster.resourceId.split('/')[2] ?? '';
}

export function renderCluster(ctx: LabContext, state: ArmState, cluster: ClusterState): Record<string, unknown> {
  const dnsPrefix = `${cluster.name}-dns`;
  const hash = createHash('sha256').update(cluster.resourceId).digest('hex').slice(0, 8);
  const properties = {
    provisioningState: cluster.provisioningState,
    powerState: { code: cluster.powerState },
    maxAgentPools: 100,
    kubernetesVersion: cluster.kubernetesVersion,
    currentKubernetesVersion: cluster.kubernetesVersion,
    dnsPrefix,
    fqdn: `${dnsPrefix}-${hash}.hcp.${cluster.region}.azmk8s.io`,
    azurePortalFQDN: `${dnsPrefix}-${hash}.portal.hcp.${cluster.region}.azmk8s.io`,
    agentPoolProfiles: cluster.agentPools.map((pool) => ({ name: pool.name, ...renderAgentPoolProperties(state, cluster, pool) })),
    servicePrincipalProfile: { clientId: 'msi' },
    nodeResourceGroup: nodeResourceGroupOf(cluster),
    enableRBAC: true,
    supportPlan: 'KubernetesOfficial',
    networkProfile: {
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      networkPolicy: 'none',
      loadBalancerSku: 'standard',
      outboundType: 'loadBalancer',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
      podCidrs: ['10.244.0.0/16'],
      serviceCidrs: ['10.0.0.0/16'],
      ipFamilies: ['IPv4'],
      // AKS's default outbound: one managed public IP on the standard load balancer.
      loadBalancerProfile: {
        managedOutboundIPs: { count: 1 },
        effectiveOutboundIPs: [{ id: `/subscriptions/${subscriptionOf(cluster)}/resourceGroups/${nodeResourceGroupOf(cluster)}/providers/Microsoft.Network/publicIPAddresses/${hash}-outbound-ip` }],
        allocatedOutboundPorts: 0,
        idleTimeoutInMinutes: 30,
        backendPoolType: 'nodeIPConfiguration',
      },
    },
    // Workload identity as AKS runs it: the cluster's OIDC issuer signs the pods' service-account tokens.
    oidcIssuerProfile: { enabled: true, issuerURL: `${ctx.urls.kube}/clusters/${cluster.name}/oidc/` },
    securityProfile: { workloadIdentity: { enabled: true } },
    disableLocalAccounts: cluster.entraIntegrated,
    ...(cluster.entraIntegrated ? { aadProfile: { managed: true, enableAzureRBAC: false, adminGroupObjectIDs: [], tenantID: ctx.world.identity.tenantId } } : {}),
  };
  const eTag = createHash('sha256').update(JSON.stringify(properties)).digest('hex').slice(0, 16);
  return {
    id: cluster.resourceId,
    location: cluster.region,
    name: cluster.name,
    tags: { app: 'aksdr', role: cluster.role },
    type: clusterType,
    eTag,
    sku: { name: 'Base', tier: 'Standard' },
    identity: { type: 'SystemAssigned', principalId: ctx.world.identity.clientId, tenantId: ctx.world.identity.tenantId },
    properties,
  };
}

export function managedClusterRoutes(): ArmRoute[] {
  return [
    {
      template: 'subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/managedClusters',
      methods: { GET: ({ ctx, state }) => json(200, { value: ctx.world.clusters.map((c) => renderCluster(ctx, state, c)) }) },
    },
    {
      template: 'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters',
      // A resource group's list goes to the provider in the group's region.
      regionOf: ({ state, params }) => state.resourceGroup(params.resourceGroupName ?? '')?.location,
      regionalProvider: true,
      methods: {
        GET: ({ ctx, state, params }) =>
          json(200, { value: ctx.world.clusters.filter((c) => sameName(c.resourceGroup, params.resourceGroupName)).map((c) => renderCluster(ctx, state, c)) }),
      },
    },
    { template: clusterPrefix, regionOf: clusterRegion, regionalProvider: true, methods: { GET: (call) => json(200, renderCluster(call.ctx, call.state, requireCluster(call))) } },
    { template: `${clusterPrefix}/listClusterUserCredential`, regionOf: clusterRegion, regionalProvider: true, methods: { POST: (call) => credentials(call, 'user') } },
    { template: `${clusterPrefix}/listClusterAdminCredential`, regionOf: clusterRegion, regionalProvider: true, methods: { POST: (call) => credentials(call, 'admin') } },
    { template: `${clusterPrefix}/start`, regionOf: clusterRegion, regionalProvider: true, methods: { POST: (call) => changePower(call, 'Running') } },
    { template: `${clusterPrefix}/stop`, regionOf: clusterRegion, regionalProvider: true, methods: { POST: (call) => changePower(call, 'Stopped') } },
  ];
}

function credentials(call: ArmCall, kind: CredentialKind): LabReply {
  // `server-fqdn` and `format` are accepted and ignored: the lab has one server URL per cluster.
  const cluster = requireCluster(call);
  if (kind === 'admin' && cluster.entraIntegrated) {
    throw armErrors.badRequest('Getting static credential is not allowed because this cluster is set to disable local accounts.');
  }
  const kubeconfig = kubeconfigFor(call.ctx, cluster, kind);
  return json(200, { kubeconfigs: [{ name: kind === 'admin' ? 'clusterAdmin' : 'clusterUser', value: Buffer.from(kubeconfig, 'utf8').toString('base64') }] });
}

function changePower(call: ArmCall, target: 'Running' | 'Stopped'): LabReply {
  const cluster = requireCluster(call);
  assertNoOperationInProgress(call.state, cluster);
  cluster.provisioningState = target === 'Running' ? 'Starting' : 'Stopping';
  const op = call.state.operations.start({
    location: cluster.region,
    resourceId: cluster.resourceId,
    description: target === 'Running' ? 'start managed cluster' : 'stop managed cluster',
    ...(target === 'Running' ? { durationMs: call.ctx.timing.clusterStartMs ?? call.ctx.timing.armOperationMs } : {}),
    complete: () => {
      // Starting allocates every pool's VMs again, so the capacity faults fail it as they fail a scale-up.
      let failure: ArmError | undefined;
      for (const pool of target === 'Running' ? cluster.agentPools : []) {
        failure = capacityFailure(call.ctx, cluster, pool, pool.count * 2);
        if (failure) break;
      }
      if (failure) {
        cluster.provisioningState = 'Failed';
        throw failure;
      }
      cluster.powerState = target;
      cluster.provisioningState = 'Succeeded';
      reconcileNodes(cluster, () => call.ctx.clock.now(), call.ctx.timing.nodeBootMs);
    },
  });
  return { status: 202, headers: call.state.operations.pollingHeaders(op, true) };
}
