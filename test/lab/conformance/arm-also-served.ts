// What the lab serves beyond an operation's example, and what it leaves out of one, each with the
// reason. An example shows one resource, configured one way; the REST API definition it belongs to
// (azure-rest-api-specs, the api-version in brackets) names every field the service returns. A field
// the lab serves that is in neither fails the conformance test, and so does one it drops without
// a reason here.
import type { ShapeOptions } from './shape.js';

type Reasons = Record<string, string>;

const aksSpec = 'AKS REST API 2026-06-01';
const tmSpec = 'Traffic Manager REST API 2022-04-01 (trafficmanager.json)';

/** Agent-pool properties Azure returns that AgentPoolsGet.json does not show. */
const agentPoolProperties: Reasons = {
  availabilityZones: 'ManagedClustersGet.json agentPoolProfiles[0].availabilityZones',
  mode: 'AgentPoolsCreate_Update.json',
  type: `${aksSpec} ManagedClusterAgentPoolProfileProperties.type (AgentPoolType, VirtualMachineScaleSets)`,
  enableAutoScaling: `${aksSpec} ManagedClusterAgentPoolProfileProperties.enableAutoScaling`,
  minCount: `${aksSpec} ManagedClusterAgentPoolProfileProperties.minCount (with the autoscaler)`,
  maxCount: `${aksSpec} ManagedClusterAgentPoolProfileProperties.maxCount (with the autoscaler)`,
  enableFIPS: `${aksSpec} ManagedClusterAgentPoolProfileProperties.enableFIPS`,
  enableNodePublicIP: `${aksSpec} ManagedClusterAgentPoolProfileProperties.enableNodePublicIP`,
  kubeletDiskType: `${aksSpec} ManagedClusterAgentPoolProfileProperties.kubeletDiskType`,
  osDiskSizeGB: `${aksSpec} ManagedClusterAgentPoolProfileProperties.osDiskSizeGB`,
  osDiskType: `${aksSpec} ManagedClusterAgentPoolProfileProperties.osDiskType`,
  osSKU: `${aksSpec} ManagedClusterAgentPoolProfileProperties.osSKU`,
  powerState: `${aksSpec} ManagedClusterAgentPoolProfileProperties.powerState (read-only)`,
  upgradeSettings: 'AgentPoolsGet.json properties.upgradeSettings',
  eTag: 'AgentPoolsGet.json properties.eTag',
  nodeImageVersion: 'AgentPoolsGet.json properties.nodeImageVersion',
};

function prefixed(prefix: string, reasons: Reasons): Reasons {
  return Object.fromEntries(Object.entries(reasons).map(([k, v]) => [`${prefix}${k}`, v]));
}

const clusterAlsoServed: Reasons = {
  sku: `${aksSpec} ManagedCluster.sku`,
  identity: `${aksSpec} ManagedCluster.identity (a system-assigned managed identity)`,
  'properties.powerState': `${aksSpec} ManagedClusterProperties.powerState (read-only); CONTRACTS §5.3`,
  'properties.supportPlan': `${aksSpec} ManagedClusterProperties.supportPlan`,
  'properties.oidcIssuerProfile': `${aksSpec} ManagedClusterProperties.oidcIssuerProfile`,
  'properties.disableLocalAccounts': `${aksSpec} ManagedClusterProperties.disableLocalAccounts`,
  'properties.aadProfile': `${aksSpec} ManagedClusterProperties.aadProfile (AKS-managed Entra integration)`,
  'properties.securityProfile': `${aksSpec} ManagedClusterProperties.securityProfile (workloadIdentity.enabled)`,
  'properties.networkProfile.networkPluginMode': `${aksSpec} ContainerServiceNetworkProfile.networkPluginMode (Azure CNI overlay)`,
  'properties.networkProfile.networkPolicy': `${aksSpec} ContainerServiceNetworkProfile.networkPolicy`,
  'properties.networkProfile.loadBalancerProfile.managedOutboundIPs': `${aksSpec} ManagedClusterLoadBalancerProfile.managedOutboundIPs (AKS's default outbound)`,
  'properties.networkProfile.loadBalancerProfile.backendPoolType': `${aksSpec} ManagedClusterLoadBalancerProfile.backendPoolType`,
  ...prefixed('properties.agentPoolProfiles[].', agentPoolProperties),
};

const clusterMayOmit: Reasons = {
  'properties.diskEncryptionSetID': 'the lab clusters use platform-managed disk encryption (no disk encryption set)',
  'properties.linuxProfile': 'the lab clusters were created without an SSH key, and AKS returns linuxProfile only with one',
  'properties.upgradeSettings': 'AKS returns upgradeSettings only when an upgrade override is set',
  'properties.networkProfile.loadBalancerProfile.outboundIPs': 'the lab clusters use managed outbound IPs (managedOutboundIPs) rather than their own public IPs',
};

const endpointAlsoServed: Reasons = {
  'properties.targetResourceId': `${tmSpec} EndpointProperties.targetResourceId (Azure and nested endpoints; CONTRACTS §4.3)`,
};

const profileAlsoServed: Reasons = {
  'properties.monitorConfig.expectedStatusCodeRanges': `${tmSpec} MonitorConfig.expectedStatusCodeRanges (the lab's profile sets them)`,
  ...prefixed('properties.endpoints[].', endpointAlsoServed),
};

export const alsoServedByOperation: Record<string, ShapeOptions> = {
  Profiles_Get: { alsoServed: profileAlsoServed },
  Profiles_ListByResourceGroup: { alsoServed: profileAlsoServed },
  Profiles_ListBySubscription: { alsoServed: profileAlsoServed },
  Profiles_CreateOrUpdate: { alsoServed: profileAlsoServed },
  ManagedClusters_Get: { alsoServed: clusterAlsoServed, mayOmit: clusterMayOmit },
  ManagedClusters_ListByResourceGroup: { alsoServed: clusterAlsoServed, mayOmit: clusterMayOmit },
  ManagedClusters_List: { alsoServed: clusterAlsoServed, mayOmit: clusterMayOmit },
  AgentPools_Get: { alsoServed: { type: 'AgentPoolsCreate_Update.json type', ...prefixed('properties.', agentPoolProperties) } },
  AgentPools_List: { alsoServed: { 'value[].type': 'AgentPoolsCreate_Update.json type', ...prefixed('value[].properties.', agentPoolProperties) } },
  AgentPools_CreateOrUpdate: { alsoServed: prefixed('properties.', agentPoolProperties) },
};
