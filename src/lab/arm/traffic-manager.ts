// Traffic Manager (Microsoft.Network/trafficmanagerprofiles, 2022-04-01 shapes): profiles and their
// endpoints, stored inline in the profile as the service returns them. No LROs: every write
// answers at once. The profile is global, so only ARM faults scoped to '*' (or, on endpoint paths,
// to the endpoint's region) reach it.
import type { LabContext } from '../context.js';
import { json, type LabReply } from '../http/handler.js';
import type { ArmResource } from '../world/world.js';
import type { ArmState } from './arm-state.js';
import { armErrors } from './errors.js';
import { isRecord, mergePatch, propertiesOf, type JsonObject } from './merge.js';
import { resourceGroupOf, sameName, type ArmCall, type ArmRoute } from './router.js';
import { buildEndpoint, buildProfile, endpointKind, replaceInPlace, type EndpointKind } from './traffic-manager-model.js';
import { endpointRegion, renderEndpoint, renderProfile } from './traffic-manager-status.js';

const profileType = 'Microsoft.Network/trafficManagerProfiles';
const rgPrefix = 'subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/trafficmanagerprofiles';

export function trafficManagerRoutes(): ArmRoute[] {
  return [
    {
      template: 'subscriptions/{subscriptionId}/providers/Microsoft.Network/trafficmanagerprofiles',
      methods: { GET: ({ state }) => json(200, { value: state.profiles.map((p) => renderProfile(state, p)) }) },
    },
    {
      template: rgPrefix,
      methods: {
        GET: ({ state, params }) =>
          json(200, { value: state.profiles.filter((p) => sameName(resourceGroupOf(p.id), params.resourceGroupName)).map((p) => renderProfile(state, p)) }),
      },
    },
    {
      template: `${rgPrefix}/{profileName}`,
      methods: { GET: getProfile, PUT: putProfile, PATCH: patchProfile, DELETE: deleteProfile },
    },
    {
      template: `${rgPrefix}/{profileName}/{endpointType}/{endpointName}`,
      regionOf: ({ ctx, state, params }) => {
        const profile = findProfile(state, params);
        const existing = profile ? endpointsOf(profile).find((e) => sameName(String(e.name), params.endpointName)) : undefined;
        return endpointRegion(ctx, params.endpointName ?? '', existing ? propertiesOf(existing) : {});
      },
      methods: { GET: getEndpoint, PUT: putEndpoint, PATCH: patchEndpoint, DELETE: deleteEndpoint },
    },
  ];
}

function findProfile(state: ArmState, params: Record<string, string>): ArmResource | undefined {
  return state.profiles.find((p) => sameName(p.name, params.profileName) && sameName(resourceGroupOf(p.id), params.resourceGroupName));
}

function requireProfile(call: ArmCall): ArmResource {
  const profile = findProfile(call.state, call.params);
  if (!profile) throw armErrors.resourceNotFound(profileType, call.params.profileName ?? '', call.params.resourceGroupName ?? '');
  return profile;
}

function requireObjectBody(call: ArmCall): JsonObject {
  const body = call.body();
  if (!isRecord(body)) throw armErrors.invalidRequestContent(body === undefined ? 'The request body is required.' : 'The request body must be a JSON object.');
  return body;
}

function endpointsOf(profile: ArmResource): JsonObject[] {
  return Array.isArray(profile.properties.endpoints) ? profile.properties.endpoints.filter(isRecord) : [];
}

function canonicalResourceGroup(call: ArmCall): string {
  return call.state.resourceGroup(call.params.resourceGroupName ?? '')?.name ?? call.params.resourceGroupName ?? '';
}

function assertDnsNameFree(state: ArmState, profile: ArmResource): void {
  const dns = profile.properties.dnsConfig;
  const relativeName = isRecord(dns) ? String(dns.relativeName).toLowerCase() : '';
  const clash = state.profiles.find((p) => p.id.toLowerCase() !== profile.id.toLowerCase() && isRecord(p.properties.dnsConfig) && String(p.properties.dnsConfig.relativeName).toLowerCase() === relativeName);
  if (clash) throw armErrors.conflict(`The DNS name '${relativeName}.trafficmanager.net' is already used by profile '${clash.name}'.`);
}

function getProfile(call: ArmCall): LabReply {
  return json(200, renderProfile(call.state, requireProfile(call)));
}

function putProfile(call: ArmCall): LabReply {
  const body = requireObjectBody(call);
  const existing = findProfile(call.state, call.params);
  const name = existing?.name ?? call.params.profileName ?? '';
  const id = existing?.id ?? `/subscriptions/${call.ctx.world.identity.subscriptionId}/resourceGroups/${canonicalResourceGroup(call)}/providers/${profileType}/${name}`;
  const built = buildProfile(id, name, body);
  assertDnsNameFree(call.state, built);
  return json(existing ? 200 : 201, renderProfile(call.state, store(call.ctx, call.state, existing, built)));
}

function patchProfile(call: ArmCall): LabReply {
  const existing = requireProfile(call);
  const patch = requireObjectBody(call);
  const built = buildProfile(existing.id, existing.name, mergePatch(existing, patch));
  assertDnsNameFree(call.state, built);
  return json(200, renderProfile(call.state, store(call.ctx, call.state, existing, built)));
}

function store(ctx: LabContext, state: ArmState, existing: ArmResource | undefined, built: ArmResource): ArmResource {
  if (existing) {
    replaceInPlace(existing, built);
    return existing;
  }
  // Recreating the world's profile after a delete refills the object the world refers to.
  const target = built.id.toLowerCase() === ctx.world.trafficManager.id.toLowerCase() ? ctx.world.trafficManager : built;
  if (target !== built) replaceInPlace(target, built);
  state.profiles.push(target);
  return target;
}

function deleteProfile(call: ArmCall): LabReply {
  const existing = findProfile(call.state, call.params);
  if (!existing) return { status: 204 };
  call.state.profiles.splice(call.state.profiles.indexOf(existing), 1);
  return json(200, { boolean: true });
}

interface EndpointTarget {
  profile: ArmResource;
  kind: EndpointKind;
  endpoints: JsonObject[];
  index: number;
}

function locateEndpoint(call: ArmCall): EndpointTarget {
  const kind = endpointKind(call.params.endpointType);
  if (!kind) throw armErrors.invalidResourceType(`trafficManagerProfiles/${call.params.endpointType ?? ''}`, 'Microsoft.Network', call.apiVersion);
  const profile = requireProfile(call);
  const endpoints = endpointsOf(profile);
  const index = endpoints.findIndex((e) => sameName(String(e.name), call.params.endpointName) && endpointKind(String(e.type)) === kind);
  return { profile, kind, endpoints, index };
}

function endpointNotFound(call: ArmCall, target: EndpointTarget): Error {
  return armErrors.resourceNotFound(`${profileType}/${target.profile.name}/${target.kind}`, call.params.endpointName ?? '', call.params.resourceGroupName ?? '');
}

function saveEndpoints(call: ArmCall, target: EndpointTarget, endpoint: JsonObject, status: number): LabReply {
  target.profile.properties.endpoints = target.endpoints;
  return json(status, renderEndpoint(call.state, target.profile, endpoint));
}

function getEndpoint(call: ArmCall): LabReply {
  const target = locateEndpoint(call);
  const endpoint = target.endpoints[target.index];
  if (!endpoint) throw endpointNotFound(call, target);
  return json(200, renderEndpoint(call.state, target.profile, endpoint));
}

function putEndpoint(call: ArmCall): LabReply {
  const target = locateEndpoint(call);
  const body = requireObjectBody(call);
  const existing = target.endpoints[target.index];
  const others = target.endpoints.filter((_, i) => i !== target.index);
  const name = existing ? String(existing.name) : (call.params.endpointName ?? '');
  const built = buildEndpoint(target.profile.id, target.kind, name, propertiesOf(body), others, String(target.profile.properties.trafficRoutingMethod));
  if (existing) target.endpoints[target.index] = built;
  else target.endpoints.push(built);
  return saveEndpoints(call, target, built, existing ? 200 : 201);
}

function patchEndpoint(call: ArmCall): LabReply {
  const target = locateEndpoint(call);
  const existing = target.endpoints[target.index];
  if (!existing) throw endpointNotFound(call, target);
  const patch = requireObjectBody(call);
  const merged = mergePatch(propertiesOf(existing), propertiesOf(patch));
  const others = target.endpoints.filter((_, i) => i !== target.index);
  const built = buildEndpoint(target.profile.id, target.kind, String(existing.name), merged, others, String(target.profile.properties.trafficRoutingMethod));
  target.endpoints[target.index] = built;
  return saveEndpoints(call, target, built, 200);
}

function deleteEndpoint(call: ArmCall): LabReply {
  const target = locateEndpoint(call);
  if (target.index < 0) return { status: 204 };
  target.endpoints.splice(target.index, 1);
  target.profile.properties.endpoints = target.endpoints;
  return json(200, { boolean: true });
}
