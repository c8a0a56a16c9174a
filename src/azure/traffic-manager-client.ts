// TrafficManagerPort over @azure/arm-trafficmanager (classic AutoRest client). Endpoint changes are
// PATCHes of just the fields given, so repeating one is harmless.
import { TrafficManagerManagementClient, type Endpoint, type Profile } from '@azure/arm-trafficmanager';
import { AdapterError } from '../core/ports/adapter-error.js';
import type { CallOptions } from '../core/ports/call-options.js';
import type {
  EndpointChange,
  TrafficManagerEndpoint,
  TrafficManagerEndpointType,
  TrafficManagerPort,
  TrafficManagerProfile,
} from '../core/ports/traffic-manager-port.js';
import { ResourceTypes } from '../policy/resource-id.js';
import { commonClientOptions, instrumentArmPipeline, type ArmConnection } from './arm-connection.js';
import { callArm } from './arm-errors.js';
import { PerSubscription, requireResourceId } from './resource-ids.js';

const defaultTimeoutInMs = 30_000;

export class TrafficManagerClient implements TrafficManagerPort {
  private readonly clients: PerSubscription<TrafficManagerManagementClient>;

  constructor(private readonly connection: ArmConnection) {
    this.clients = new PerSubscription((subscriptionId) => {
      const client = new TrafficManagerManagementClient(connection.credential, subscriptionId, {
        ...commonClientOptions(connection),
        credentialScopes: [connection.environment.armAudience],
      });
      instrumentArmPipeline(client.pipeline, connection);
      return client;
    });
  }

  async getProfile(profileId: string, options?: CallOptions): Promise<TrafficManagerProfile> {
    const id = requireResourceId(profileId, ResourceTypes.trafficManagerProfile, 'getProfile');
    return callArm('getProfile', options, this.connection.defaultTimeoutInMs ?? defaultTimeoutInMs, async (signal) => {
      const profile = await this.clients.get(id.subscriptionId).profiles.get(id.resourceGroup, id.name, { abortSignal: signal });
      return toProfile(profile, profileId);
    });
  }

  async setEndpoint(
    profileId: string,
    endpointType: TrafficManagerEndpointType,
    endpointName: string,
    change: EndpointChange,
    options?: CallOptions,
  ): Promise<TrafficManagerEndpoint> {
    const id = requireResourceId(profileId, ResourceTypes.trafficManagerProfile, 'setEndpoint');
    const patch: Endpoint = {};
    if (change.weight !== undefined) patch.weight = change.weight;
    if (change.priority !== undefined) patch.priority = change.priority;
    if (change.status !== undefined) patch.endpointStatus = change.status;
    if (change.alwaysServe !== undefined) patch.alwaysServe = change.alwaysServe;
    return callArm('setEndpoint', options, this.connection.defaultTimeoutInMs ?? defaultTimeoutInMs, async (signal) => {
      const endpoint = await this.clients
        .get(id.subscriptionId)
        .endpoints.update(id.resourceGroup, id.name, endpointType, endpointName, patch, { abortSignal: signal });
      return toEndpoint(endpoint);
    });
  }
}

function toProfile(profile: Profile, requestedId: string): TrafficManagerProfile {
  return {
    id: profile.id ?? requestedId,
    name: profile.name ?? '',
    routing: profile.trafficRoutingMethod ?? 'Unknown',
    profileStatus: profile.profileStatus ?? 'Unknown',
    monitorStatus: profile.monitorConfig?.profileMonitorStatus ?? 'Unknown',
    endpoints: (profile.endpoints ?? []).map(toEndpoint),
    ...(profile.dnsConfig?.fqdn ? { fqdn: profile.dnsConfig.fqdn } : {}),
    ...(profile.dnsConfig?.ttl !== undefined ? { ttlInSeconds: profile.dnsConfig.ttl } : {}),
  };
}

export function endpointTypeOf(type: string | undefined): TrafficManagerEndpointType {
  const last = (type ?? '').split('/').pop()?.toLowerCase();
  if (last === 'azureendpoints') return 'AzureEndpoints';
  if (last === 'nestedendpoints') return 'NestedEndpoints';
  if (last === 'externalendpoints') return 'ExternalEndpoints';
  throw new AdapterError('Unknown', `Traffic Manager returned an endpoint of unknown type "${type ?? ''}"`, { target: 'arm' });
}

function toEndpoint(endpoint: Endpoint): TrafficManagerEndpoint {
  return {
    id: endpoint.id ?? '',
    name: endpoint.name ?? '',
    type: endpointTypeOf(endpoint.type),
    status: endpoint.endpointStatus === 'Disabled' ? 'Disabled' : 'Enabled',
    ...(endpoint.weight !== undefined ? { weight: endpoint.weight } : {}),
    ...(endpoint.priority !== undefined ? { priority: endpoint.priority } : {}),
    monitorStatus: endpoint.endpointMonitorStatus ?? 'Unknown',
    ...(endpoint.alwaysServe !== undefined ? { alwaysServe: endpoint.alwaysServe === 'Enabled' ? 'Enabled' : 'Disabled' } : {}),
    ...(endpoint.target !== undefined ? { target: endpoint.target } : {}),
    ...(endpoint.endpointLocation !== undefined ? { location: endpoint.endpointLocation } : {}),
  };
}
