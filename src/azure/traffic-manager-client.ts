// TrafficManagerPort over @azure/arm-trafficmanager (classic AutoRest client). Endpoint changes are
// PATCHes of just the fields given, so repeating one is harmless.
import { TrafficManagerManagementClient, type Endpoint, type Profile } from '@azure/arm-trafficmanager';
import { AdapterError } from '../core/ports/adapter-error.js';
import type { CallOptions } from '../core/ports/call-options.js';
import {
  monitorLagSeconds,
  type EndpointChange,
  type TrafficManagerEndpoint,
  type TrafficManagerEndpointType,
  type TrafficManagerPort,
  type TrafficManagerProfile,
} from '../core/ports/traffic-manager-port.js';
import { ResourceTypes } from '../policy/resource-id.js';
import { commonClientOptions, instrumentArmPipeline, type ArmConnection } from './arm-connection.js';
import { answerFields } from './answer-fields.js';
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
      return toEndpoint(endpoint, 'setEndpoint');
    });
  }
}

function toProfile(answer: Profile, requestedId: string): TrafficManagerProfile {
  const read = answerFields('getProfile', 'arm');
  const profile = read.object(answer, 'the profile');
  const dns = read.optionalObject(profile.dnsConfig, 'dnsConfig');
  const monitor = read.optionalObject(profile.monitorConfig, 'monitorConfig');
  const fqdn = read.text(dns?.fqdn, 'dnsConfig.fqdn');
  const ttl = read.number(dns?.ttl, 'dnsConfig.ttl');
  const interval = read.number(monitor?.intervalInSeconds, 'monitorConfig.intervalInSeconds');
  const timeout = read.number(monitor?.timeoutInSeconds, 'monitorConfig.timeoutInSeconds');
  const tolerated = read.number(monitor?.toleratedNumberOfFailures, 'monitorConfig.toleratedNumberOfFailures');
  const monitorTiming = {
    ...(interval !== undefined ? { intervalInSeconds: interval } : {}),
    ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}),
    ...(tolerated !== undefined ? { toleratedNumberOfFailures: tolerated } : {}),
  };
  return {
    id: read.text(profile.id, 'id') ?? requestedId,
    name: read.text(profile.name, 'name') ?? '',
    routing: read.text(profile.trafficRoutingMethod, 'trafficRoutingMethod') ?? 'Unknown',
    profileStatus: read.text(profile.profileStatus, 'profileStatus') ?? 'Unknown',
    monitorStatus: read.text(monitor?.profileMonitorStatus, 'monitorConfig.profileMonitorStatus') ?? 'Unknown',
    endpoints: read.list(profile.endpoints, 'endpoints').map((endpoint, index) => toEndpoint(endpoint as Endpoint, 'getProfile', `endpoints[${index}]`)),
    ...(fqdn ? { fqdn } : {}),
    ...(ttl !== undefined ? { ttlInSeconds: ttl } : {}),
    monitorLagSeconds: monitorLagSeconds(monitorTiming),
  };
}

export function endpointTypeOf(type: string | undefined): TrafficManagerEndpointType {
  const last = (type ?? '').split('/').pop()?.toLowerCase();
  if (last === 'azureendpoints') return 'AzureEndpoints';
  if (last === 'nestedendpoints') return 'NestedEndpoints';
  if (last === 'externalendpoints') return 'ExternalEndpoints';
  throw new AdapterError('Unknown', `Traffic Manager returned an endpoint of unknown type "${type ?? ''}"`, { target: 'arm' });
}

function toEndpoint(answer: Endpoint, operation: string, at = 'the endpoint'): TrafficManagerEndpoint {
  const read = answerFields(operation, 'arm');
  const endpoint = read.object(answer, at);
  const field = (name: string): string => (at === 'the endpoint' ? name : `${at}.${name}`);
  const weight = read.number(endpoint.weight, field('weight'));
  const priority = read.number(endpoint.priority, field('priority'));
  const alwaysServe = read.text(endpoint.alwaysServe, field('alwaysServe'));
  const target = read.text(endpoint.target, field('target'));
  const location = read.text(endpoint.endpointLocation, field('endpointLocation'));
  return {
    id: read.text(endpoint.id, field('id')) ?? '',
    name: read.text(endpoint.name, field('name')) ?? '',
    type: endpointTypeOf(read.text(endpoint.type, field('type'))),
    status: read.text(endpoint.endpointStatus, field('endpointStatus')) === 'Disabled' ? 'Disabled' : 'Enabled',
    ...(weight !== undefined ? { weight } : {}),
    ...(priority !== undefined ? { priority } : {}),
    monitorStatus: read.text(endpoint.endpointMonitorStatus, field('endpointMonitorStatus')) ?? 'Unknown',
    ...(alwaysServe !== undefined ? { alwaysServe: alwaysServe === 'Enabled' ? 'Enabled' : 'Disabled' } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(location !== undefined ? { location } : {}),
  };
}
