// The world's Azure resources in their wire shapes, as the services return them: the Traffic
// Manager profile in front of the regions and the geo-replicated Premium registry (fields as the
// 2022-04-01 and 2025-11-01 examples in ../shared/contracts show them).
import { regionDisplayName, shortRegionName } from './region-names.js';
import type { ArmResource, RegistryState, WorldSpec } from './world.js';

/** Repository and tag of a deployment's image in the registry. */
export function repositoryImageOf(deployment: string): string {
  return `shop/${deployment}:1.4.2`;
}

export function createTrafficManager(spec: WorldSpec, sub: string): ArmResource {
  const id = `${sub}/resourceGroups/rg-aksdr-global/providers/Microsoft.Network/trafficManagerProfiles/tm-aksdr`;
  const endpoints = spec.regions.map((region, index) => ({
    id: `${id}/externalEndpoints/ep-${shortRegionName(region)}`,
    name: `ep-${shortRegionName(region)}`,
    type: 'Microsoft.Network/trafficManagerProfiles/externalEndpoints',
    properties: {
      target: `${shortRegionName(region)}.shop.aksdr.example`,
      endpointStatus: 'Enabled',
      weight: index === 0 ? 1000 : 1,
      priority: index + 1,
      endpointLocation: regionDisplayName(region),
      endpointMonitorStatus: 'Online',
    },
  }));
  return {
    id,
    name: 'tm-aksdr',
    type: 'Microsoft.Network/trafficManagerProfiles',
    location: 'global',
    tags: {},
    properties: {
      profileStatus: 'Enabled',
      trafficRoutingMethod: 'Weighted',
      dnsConfig: { relativeName: 'aksdr-shop', fqdn: 'aksdr-shop.trafficmanager.net', ttl: 30 },
      monitorConfig: {
        profileMonitorStatus: 'Online',
        protocol: 'HTTPS',
        port: 443,
        path: '/healthz',
        // Fast probing (10 s, Azure's shortest interval) with one tolerated failure: a dead region
        // leaves DNS answers 20–25 s after it died, at Azure's pace (traffic-manager-monitor.ts).
        intervalInSeconds: 10,
        timeoutInSeconds: 5,
        toleratedNumberOfFailures: 1,
        expectedStatusCodeRanges: [{ min: 200, max: 299 }],
      },
      endpoints,
      trafficViewEnrollmentStatus: 'Disabled',
    },
  };
}

export function createRegistry(spec: WorldSpec, sub: string, now: () => number): RegistryState {
  const primary = spec.regions[0] ?? 'westeurope';
  const id = `${sub}/resourceGroups/rg-aksdr-${shortRegionName(primary)}/providers/Microsoft.ContainerRegistry/registries/acraksdr`;
  const timestamp = new Date(now()).toISOString();
  return {
    resource: {
      id,
      name: 'acraksdr',
      type: 'Microsoft.ContainerRegistry/registries',
      location: primary,
      tags: {},
      sku: { name: 'Premium', tier: 'Premium' },
      properties: {
        loginServer: spec.registryLoginServer,
        creationDate: timestamp,
        provisioningState: 'Succeeded',
        adminUserEnabled: false,
        // A Premium registry's defaults as Registries_Get (2025-11-01) shows them.
        networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
        policies: {
          quarantinePolicy: { status: 'disabled' },
          trustPolicy: { type: 'Notary', status: 'disabled' },
          retentionPolicy: { days: 7, lastUpdatedTime: timestamp, status: 'disabled' },
          exportPolicy: { status: 'enabled' },
          azureADAuthenticationAsArmPolicy: { status: 'enabled' },
        },
        encryption: { status: 'disabled' },
        status: null,
        dataEndpointEnabled: false,
        dataEndpointHostNames: [],
        privateEndpointConnections: [],
        publicNetworkAccess: 'Enabled',
        networkRuleBypassOptions: 'AzureServices',
        networkRuleBypassAllowedForTasks: false,
        zoneRedundancy: 'Disabled',
        anonymousPullEnabled: false,
        roleAssignmentMode: 'LegacyRegistryPermissions',
      },
    },
    replications: spec.regions.map((region) => ({
      id: `${id}/replications/${region}`,
      name: region,
      type: 'Microsoft.ContainerRegistry/registries/replications',
      location: region,
      tags: {},
      properties: {
        provisioningState: 'Succeeded',
        status: { displayStatus: 'Ready', message: 'The replication is ready.', timestamp },
        regionEndpointEnabled: true,
        zoneRedundancy: 'Disabled',
      },
    })),
    images: spec.deployments.map(repositoryImageOf),
  };
}
