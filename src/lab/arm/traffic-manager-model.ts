// How the Traffic Manager service validates and completes what a client sends: defaults the
// service fills in (weight 1, the next free priority, fqdn), ranges it enforces (1..1000), and the
// read-only fields it ignores (monitor statuses, ids).
import type { ArmResource } from '../world/world.js';
import { ArmError, armErrors } from './errors.js';
import { isRecord, propertiesOf, show, type JsonObject } from './merge.js';

export const endpointKinds = ['azureEndpoints', 'externalEndpoints', 'nestedEndpoints'] as const;
export type EndpointKind = (typeof endpointKinds)[number];

const routingMethods = ['Performance', 'Priority', 'Weighted', 'Geographic', 'MultiValue', 'Subnet'];
const monitorProtocols = ['HTTP', 'HTTPS', 'TCP'];

/** `AzureEndpoints`, `externalendpoints`, `Microsoft.Network/trafficManagerProfiles/ExternalEndpoints` → the canonical kind. */
export function endpointKind(text: string | undefined): EndpointKind | undefined {
  const last = (text ?? '').split('/').pop()?.toLowerCase();
  return endpointKinds.find((k) => k.toLowerCase() === last);
}

function oneOf(value: unknown, allowed: string[], field: string, fallback?: string): string {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw armErrors.badRequest(`The '${field}' property is required.`, field);
  }
  const found = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  if (!found) throw armErrors.badRequest(`The value '${show(value)}' of property '${field}' is invalid. Allowed values are ${allowed.map((a) => `'${a}'`).join(', ')}.`, field);
  return found;
}

function integerIn(value: unknown, min: number, max: number, field: string, subject: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw armErrors.badRequest(`The ${field} of ${subject} must be an integer between ${min} and ${max}; '${show(value)}' is not valid.`, field);
  }
  return value;
}

function nextFreePriority(others: JsonObject[]): number {
  const used = new Set(others.map((o) => propertiesOf(o).priority));
  let candidate = 1;
  while (used.has(candidate)) candidate++;
  return candidate;
}

/** A complete endpoint resource from what the client sent, checked against the profile's other endpoints. */
export function buildEndpoint(profileId: string, kind: EndpointKind, name: string, input: JsonObject, others: JsonObject[], routingMethod: string): JsonObject {
  const subject = `endpoint '${name}'`;
  const props = structuredClone(input);
  delete props.endpointMonitorStatus;
  props.endpointStatus = oneOf(props.endpointStatus, ['Enabled', 'Disabled'], 'endpointStatus', 'Enabled');
  // Azure stores alwaysServe only when the caller sets it (the 2022-04-01 examples' endpoints have none).
  if (props.alwaysServe !== undefined) props.alwaysServe = oneOf(props.alwaysServe, ['Enabled', 'Disabled'], 'alwaysServe');
  props.weight = integerIn(props.weight ?? 1, 1, 1000, 'weight', subject);
  props.priority = integerIn(props.priority ?? nextFreePriority(others), 1, 1000, 'priority', subject);
  if (routingMethod === 'Priority') {
    const clash = others.find((o) => propertiesOf(o).priority === props.priority);
    if (clash) {
      throw armErrors.badRequest(
        `Endpoint '${name}' has priority ${String(props.priority)}, which endpoint '${String(clash.name)}' already uses. Priorities must be unique within a profile that uses the Priority routing method.`,
        'priority',
      );
    }
  }
  if (kind === 'externalEndpoints') {
    if (typeof props.target !== 'string' || props.target.length === 0) throw armErrors.badRequest(`The 'target' property of external ${subject} is required.`, 'target');
  } else if (typeof props.targetResourceId !== 'string' || props.targetResourceId.length === 0) {
    throw armErrors.badRequest(`The 'targetResourceId' property of ${kind === 'azureEndpoints' ? 'Azure' : 'nested'} ${subject} is required.`, 'targetResourceId');
  }
  if (others.some((o) => typeof o.name === 'string' && o.name.toLowerCase() === name.toLowerCase())) {
    throw armErrors.badRequest(`The profile already has an endpoint named '${name}'. Endpoint names must be unique within a profile.`, 'name');
  }
  return { id: `${profileId}/${kind}/${name}`, name, type: `Microsoft.Network/trafficManagerProfiles/${kind}`, properties: props };
}

/** A complete profile from a PUT body (or a PATCH merged onto the stored profile). */
export function buildProfile(id: string, name: string, body: JsonObject): ArmResource {
  if (body.location === undefined || body.location === null) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  if (typeof body.location !== 'string' || body.location.toLowerCase() !== 'global') {
    throw armErrors.badRequest(`The location '${show(body.location)}' is not valid for a Traffic Manager profile; it must be 'global'.`, 'location');
  }
  const input = propertiesOf(body);
  const props: JsonObject = structuredClone(input);
  props.profileStatus = oneOf(input.profileStatus, ['Enabled', 'Disabled'], 'profileStatus', 'Enabled');
  const routingMethod = oneOf(input.trafficRoutingMethod, routingMethods, 'trafficRoutingMethod');
  props.trafficRoutingMethod = routingMethod;

  const dns = isRecord(input.dnsConfig) ? structuredClone(input.dnsConfig) : {};
  if (typeof dns.relativeName !== 'string' || !/^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]?$/i.test(dns.relativeName)) {
    throw armErrors.badRequest(`The 'dnsConfig.relativeName' property must be a valid DNS label; '${show(dns.relativeName)}' is not.`, 'dnsConfig.relativeName');
  }
  dns.ttl = dns.ttl === undefined ? 60 : integerIn(dns.ttl, 0, 2147483647, 'ttl', `profile '${name}'`);
  dns.fqdn = `${dns.relativeName}.trafficmanager.net`;
  props.dnsConfig = dns;

  const monitor = isRecord(input.monitorConfig) ? structuredClone(input.monitorConfig) : {};
  delete monitor.profileMonitorStatus;
  const protocol = oneOf(monitor.protocol, monitorProtocols, 'monitorConfig.protocol');
  monitor.protocol = protocol;
  monitor.port = integerIn(monitor.port ?? (protocol === 'HTTP' ? 80 : 443), 1, 65535, 'monitorConfig.port', `profile '${name}'`);
  if (protocol !== 'TCP') {
    monitor.path ??= '/';
    if (typeof monitor.path !== 'string' || !monitor.path.startsWith('/')) throw armErrors.badRequest("The 'monitorConfig.path' property must start with '/'.", 'monitorConfig.path');
  }
  monitor.intervalInSeconds ??= 30;
  monitor.timeoutInSeconds ??= 10;
  monitor.toleratedNumberOfFailures ??= 3;
  props.monitorConfig = monitor;

  const endpoints: JsonObject[] = [];
  const rawEndpoints: unknown[] = Array.isArray(input.endpoints) ? input.endpoints : [];
  for (const raw of rawEndpoints) {
    if (!isRecord(raw) || typeof raw.name !== 'string' || raw.name.length === 0) throw armErrors.badRequest("Every endpoint in 'endpoints' needs a 'name'.", 'endpoints');
    const kind = endpointKind(typeof raw.type === 'string' ? raw.type : undefined);
    if (!kind) throw armErrors.badRequest(`Endpoint '${raw.name}' has an invalid type '${show(raw.type)}'.`, 'endpoints.type');
    endpoints.push(buildEndpoint(id, kind, raw.name, propertiesOf(raw), endpoints, routingMethod));
  }
  props.endpoints = endpoints;
  // Like alwaysServe, these come back only when set (Profile-PUT-WithNestedEndpoints has neither).
  if (input.trafficViewEnrollmentStatus !== undefined) props.trafficViewEnrollmentStatus = oneOf(input.trafficViewEnrollmentStatus, ['Enabled', 'Disabled'], 'trafficViewEnrollmentStatus');
  return {
    id,
    name,
    type: 'Microsoft.Network/trafficManagerProfiles',
    location: 'global',
    ...(isRecord(body.tags) ? { tags: structuredClone(body.tags) } : {}),
    properties: props,
  };
}

/** Replace a stored resource's content, keeping the object (the world holds a reference to it). */
export function replaceInPlace(target: ArmResource, source: ArmResource): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, source);
}
