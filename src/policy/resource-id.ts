// Azure resource ids: parse, check the resource type, compare. Policies name every cluster, profile and
// registry by resource id (never by IP or host name), so this is shared by validation and the adapters.

export interface ResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** Resource provider namespace as written, e.g. `Microsoft.ContainerService`. */
  provider: string;
  /** Resource type as written, e.g. `managedClusters`. */
  type: string;
  name: string;
}

export type ResourceIdCheck = { ok: true; resourceId: ResourceId } | { ok: false; problem: string };

/** Resource types a policy refers to, as `<namespace>/<type>`. */
export const ResourceTypes = {
  aksCluster: 'Microsoft.ContainerService/managedClusters',
  trafficManagerProfile: 'Microsoft.Network/trafficManagerProfiles',
  containerRegistry: 'Microsoft.ContainerRegistry/registries',
} as const;
export type KnownResourceType = (typeof ResourceTypes)[keyof typeof ResourceTypes];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ARM: 1-90 chars of letters, digits, `_ - . ( )`, not ending in a period.
const RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]{1,90}$/u;
const SHAPE = '/subscriptions/<guid>/resourceGroups/<group>/providers/<namespace>/<type>/<name>';

/** Checks the shape of an id and explains what is wrong, for people; ARM compares ids case-insensitively. */
export function checkResourceId(id: string): ResourceIdCheck {
  const segments = id.split('/');
  if (segments[0] !== '' || segments.length !== 9) {
    return { ok: false, problem: `is not a resource id of the form ${SHAPE}` };
  }
  const [, subscriptions, subscriptionId = '', resourceGroups, resourceGroup = '', providers, provider = '', type = '', name = ''] = segments;
  if (subscriptions?.toLowerCase() !== 'subscriptions' || resourceGroups?.toLowerCase() !== 'resourcegroups' || providers?.toLowerCase() !== 'providers') {
    return { ok: false, problem: `is not a resource id of the form ${SHAPE}` };
  }
  if (!GUID.test(subscriptionId)) return { ok: false, problem: `has subscription id "${subscriptionId}", which is not a GUID` };
  if (!RESOURCE_GROUP.test(resourceGroup) || resourceGroup.endsWith('.')) {
    return { ok: false, problem: `has resource group "${resourceGroup}", which is not a valid resource group name` };
  }
  if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/.test(provider)) {
    return { ok: false, problem: `has provider namespace "${provider}", expected something like Microsoft.ContainerService` };
  }
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(type)) return { ok: false, problem: `has resource type "${type}", which is not a type name` };
  if (name.trim() === '') return { ok: false, problem: 'has an empty resource name' };
  return { ok: true, resourceId: { subscriptionId, resourceGroup, provider, type, name } };
}

/** Parses `/subscriptions/{guid}/resourceGroups/{rg}/providers/{ns}/{type}/{name}`; undefined when malformed. */
export function parseResourceId(id: string): ResourceId | undefined {
  const checked = checkResourceId(id);
  return checked.ok ? checked.resourceId : undefined;
}

/** `Microsoft.ContainerService/managedClusters` for an AKS cluster id. */
export function resourceTypeOf(resourceId: ResourceId): string {
  return `${resourceId.provider}/${resourceId.type}`;
}

export function isResourceType(resourceId: ResourceId, expected: string): boolean {
  return resourceTypeOf(resourceId).toLowerCase() === expected.toLowerCase();
}

/** ARM treats ids case-insensitively; so must uniqueness checks and lookups. */
export function sameResourceId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function formatResourceId(resourceId: ResourceId): string {
  const { subscriptionId, resourceGroup, provider, type, name } = resourceId;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${provider}/${type}/${name}`;
}
