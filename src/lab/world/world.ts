// The emulated world: an Entra tenant, one subscription, an AKS cluster and app per region, a
// Traffic Manager profile in front of the regions and a geo-replicated container registry.
// Handlers read and change this state; faults are applied by the handlers when they answer.
import { randomBytes, randomUUID } from 'node:crypto';
import { KubeStore, coreTypes, veleroTypes, type KubeObject } from './kube-store.js';
import { createRegistry, createTrafficManager, repositoryImageOf } from './azure-resources.js';
import { shortRegionName } from './region-names.js';

export { repositoryImageOf, shortRegionName };
import { nodeName, nodeObject } from './node-object.js';
import { settledDeploymentStatus } from '../kube/apps.js';
import { withPodTemplateDefaults } from '../kube/pod-template-defaults.js';
import type { WorkloadState } from '../kube/workload-controller.js';

export interface LabIdentity {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  /** The client id of the app's system-assigned managed identity (App Service / Container Apps style). */
  managedIdentityClientId: string;
}

export interface AgentPoolState {
  name: string;
  mode: 'System' | 'User';
  count: number;
  vmSize: string;
  provisioningState: string;
  powerState: 'Running' | 'Stopped';
  /** Everything else the last PUT set (zones, labels, taints, autoscaler, …), as AKS stores it. */
  settings: Record<string, unknown>;
  /** Changes with every write, as AKS's agent-pool eTag does. */
  eTag: string;
}

export interface ClusterState {
  region: string;
  role: 'primary' | 'secondary';
  name: string;
  resourceGroup: string;
  resourceId: string;
  provisioningState: string;
  powerState: 'Running' | 'Stopped';
  kubernetesVersion: string;
  agentPools: AgentPoolState[];
  /**
   * Entra ID integration (AKS-managed AAD, local accounts disabled): the API server accepts only
   * Entra tokens for the AKS server application, and the user kubeconfig signs in through kubelogin.
   */
  entraIntegrated: boolean;
  /** Bearer tokens the cluster accepts (local accounts): the user and admin credentials' kubeconfig users. */
  userToken: string;
  adminToken: string;
  store: KubeStore;
  /** The pods of its Deployments, as the azure-pace scheduler placed them (workload-controller.ts). */
  workloads: WorkloadState;
}

/** Wire-shaped ARM resources (`{ id, name, type, location, properties }`), stored as the service would return them. */
export type ArmResource = Record<string, unknown> & { id: string; name: string; type: string; properties: Record<string, unknown> };

export interface RegistryState {
  resource: ArmResource;
  replications: ArmResource[];
  /** Images present in the registry, `repository:tag`. */
  images: string[];
}

export interface WorldSpec {
  regions: string[];
  /** Warm standby: the secondary runs the workloads scaled down; cold: it has none until a restore. */
  standby: 'warm' | 'cold';
  appNamespace: string;
  deployments: string[];
  backupSchedule: string;
  /** The registry's login server; the lab serves the registry data plane there (`127.0.0.1:<port>`). */
  registryLoginServer: string;
  /** How the clusters' API servers authenticate: local accounts (static tokens) or Entra ID only. */
  clusterAuth?: 'local-accounts' | 'entra';
}

export interface World {
  identity: LabIdentity;
  spec: WorldSpec;
  clusters: ClusterState[];
  trafficManager: ArmResource;
  registry: RegistryState;
}

export const defaultWorldSpec: WorldSpec = {
  regions: ['westeurope', 'northeurope'],
  standby: 'warm',
  appNamespace: 'shop',
  deployments: ['frontend', 'cart'],
  backupSchedule: 'shop-hourly',
  registryLoginServer: 'acraksdr.azurecr.io',
};

export function imageOf(spec: WorldSpec, deployment: string): string {
  return `${spec.registryLoginServer}/${repositoryImageOf(deployment)}`;
}

export function createWorld(spec: WorldSpec, now: () => number): World {
  const identity: LabIdentity = {
    tenantId: randomUUID(),
    clientId: randomUUID(),
    clientSecret: randomBytes(24).toString('base64url'),
    subscriptionId: randomUUID(),
    managedIdentityClientId: randomUUID(),
  };
  const sub = `/subscriptions/${identity.subscriptionId}`;
  const clusters = spec.regions.map((region, index) => createCluster(spec, region, index === 0 ? 'primary' : 'secondary', sub, now));
  return {
    identity,
    spec,
    clusters,
    trafficManager: createTrafficManager(spec, sub),
    registry: createRegistry(spec, sub, now),
  };
}

export function findCluster(world: World, region: string): ClusterState | undefined {
  return world.clusters.find((c) => c.region === region);
}

function createCluster(spec: WorldSpec, region: string, role: 'primary' | 'secondary', sub: string, now: () => number): ClusterState {
  const short = shortRegionName(region);
  const resourceGroup = `rg-aksdr-${short}`;
  const name = `aks-${short}`;
  const cluster: ClusterState = {
    region,
    role,
    name,
    resourceGroup,
    resourceId: `${sub}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    provisioningState: 'Succeeded',
    powerState: 'Running',
    kubernetesVersion: '1.32.4',
    entraIntegrated: spec.clusterAuth === 'entra',
    agentPools: [
      { name: 'system', mode: 'System', count: 2, vmSize: 'Standard_D4ds_v5', provisioningState: 'Succeeded', powerState: 'Running', settings: { availabilityZones: ['1', '2', '3'] }, eTag: randomUUID() },
      { name: 'user', mode: 'User', count: role === 'primary' ? 3 : 1, vmSize: 'Standard_D8ds_v5', provisioningState: 'Succeeded', powerState: 'Running', settings: { availabilityZones: ['1', '2', '3'] }, eTag: randomUUID() },
    ],
    userToken: randomBytes(32).toString('base64url'),
    adminToken: randomBytes(32).toString('base64url'),
    store: new KubeStore(now),
    workloads: new Map(),
  };
  seedCluster(cluster, spec, now);
  return cluster;
}

function seedCluster(cluster: ClusterState, spec: WorldSpec, now: () => number): void {
  const { store } = cluster;
  for (const ns of ['default', 'kube-system', 'velero', spec.appNamespace]) {
    store.create(coreTypes.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }
  reconcileNodes(cluster, now);
  const replicas = cluster.role === 'primary' ? 3 : spec.standby === 'warm' ? 1 : 0;
  if (replicas > 0) {
    for (const name of spec.deployments) store.create(coreTypes.deployments, deploymentObject(spec.appNamespace, name, imageOf(spec, name), replicas, now()));
  }
  store.create(veleroTypes.backupstoragelocations, {
    apiVersion: 'velero.io/v1',
    kind: 'BackupStorageLocation',
    metadata: { name: 'default', namespace: 'velero' },
    spec: { provider: 'azure', default: true, objectStorage: { bucket: 'velero' }, config: { storageAccount: 'staksdrbackups' } },
    status: { phase: 'Available', lastValidationTime: new Date(now()).toISOString() },
  });
  if (cluster.role === 'primary') {
    store.create(veleroTypes.schedules, {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: spec.backupSchedule, namespace: 'velero' },
      spec: { schedule: '0 * * * *', template: { includedNamespaces: [spec.appNamespace], ttl: '720h0m0s', storageLocation: 'default' } },
      status: { phase: 'Enabled' },
    });
  }
}

/** A Deployment as the API server returns it once the controller has settled, all replicas available. */
export function deploymentObject(namespace: string, name: string, image: string, replicas: number, nowMs: number): KubeObject {
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name }, annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: withPodTemplateDefaults({ metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } }),
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    },
  };
  deployment.status = settledDeploymentStatus(deployment, nowMs);
  return deployment;
}

/**
 * Make the Node objects match the agent pools' counts (as the AKS node provisioner would). A new
 * node registers NotReady and turns Ready `nodeBootMs` later (node-lifecycle.ts); 0: Ready at once.
 */
export function reconcileNodes(cluster: ClusterState, now: () => number, nodeBootMs = 0): void {
  const { store } = cluster;
  const wanted = new Set<string>();
  const subscriptionId = cluster.resourceId.split('/')[2] ?? '';
  for (const pool of cluster.agentPools) {
    const count = pool.powerState === 'Running' && cluster.powerState === 'Running' ? pool.count : 0;
    for (let index = 0; index < count; index++) {
      const source = {
        subscriptionId,
        clusterName: cluster.name,
        region: cluster.region,
        nodeResourceGroup: nodeResourceGroupOf(cluster),
        kubernetesVersion: cluster.kubernetesVersion,
        pool,
        index,
        createdAt: new Date(now()).toISOString(),
      };
      const name = nodeName(source);
      wanted.add(name);
      if (!store.get(coreTypes.nodes, undefined, name)) store.create(coreTypes.nodes, nodeObject(source, { ready: nodeBootMs <= 0 }));
    }
  }
  for (const node of store.list(coreTypes.nodes)) {
    if (!wanted.has(node.metadata.name)) store.delete(coreTypes.nodes, undefined, node.metadata.name);
  }
}

/** The resource group AKS creates for the cluster's infrastructure. */
export function nodeResourceGroupOf(cluster: Pick<ClusterState, 'resourceGroup' | 'name' | 'region'>): string {
  return `MC_${cluster.resourceGroup}_${cluster.name}_${cluster.region}`;
}
