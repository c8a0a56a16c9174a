// Every operation the ARM lab serves, paired with the official example that shows Azure's answer:
// the request replays the example's (its api-version, and its body where it has one, aimed at the
// lab's resources), and the lab's response body must have the example's shape. Operations without
// an example of their own say which example shows their resource (a list's items are its GET's).
import type { World } from '../../../src/lab/world/world.js';
import { compareShape, type ShapeOptions, type ShapeProblem } from './shape.js';
import { alsoServedByOperation } from './arm-also-served.js';
import { exampleBody, readExample, type ExampleFile } from './arm-examples.js';

export interface ArmCase {
  operation: string;
  example: ExampleFile;
  /** The example's response status the lab must answer with. */
  status: number;
  method: 'GET' | 'PUT' | 'PATCH' | 'POST';
  /** The path below the ARM endpoint, without the query. */
  path(world: World): string;
  /** The request body: the example's own (default for PUT/PATCH), or one adapted to the lab. */
  body?(exampleRequest: unknown): unknown;
  /** `value`: the response is a list whose every item must have the example's shape. */
  compare?: 'body' | 'each-value';
  /** What the example body is compared with when the operation has no example of its own. */
  exampleStatus?: number;
  options?: ShapeOptions;
}

const sub = (w: World): string => `/subscriptions/${w.identity.subscriptionId}`;
const tm = (w: World): string => `${sub(w)}/resourceGroups/rg-aksdr-global/providers/Microsoft.Network/trafficmanagerprofiles`;
const aks = (w: World): string => `${sub(w)}/resourceGroups/rg-aksdr-weu/providers/Microsoft.ContainerService/managedClusters`;
const acr = (w: World): string => `${sub(w)}/resourceGroups/rg-aksdr-weu/providers/Microsoft.ContainerRegistry/registries`;

/** Keys whose objects are maps of caller-chosen names. */
export const mapKeys = ['tags', 'nodeLabels', 'userAssignedIdentities', 'addonProfiles', 'identityProfile'];

export const armCases: ArmCase[] = [
  { operation: 'Profiles_Get', example: 'trafficmanager/Profile-GET-WithTrafficViewEnabled.json', status: 200, method: 'GET', path: (w) => `${tm(w)}/tm-aksdr` },
  {
    operation: 'Profiles_ListByResourceGroup',
    example: 'trafficmanager/Profile-GET-WithTrafficViewEnabled.json',
    status: 200,
    method: 'GET',
    path: tm,
    compare: 'each-value',
  },
  {
    operation: 'Profiles_ListBySubscription',
    example: 'trafficmanager/Profile-GET-WithTrafficViewEnabled.json',
    status: 200,
    method: 'GET',
    path: (w) => `${sub(w)}/providers/Microsoft.Network/trafficmanagerprofiles`,
    compare: 'each-value',
  },
  {
    operation: 'Profiles_CreateOrUpdate',
    example: 'trafficmanager/Profile-PUT-WithNestedEndpoints.json',
    status: 201,
    method: 'PUT',
    path: (w) => `${tm(w)}/parentprofile`,
    // The example's nested endpoints omit targetResourceId, which a nested endpoint needs (CONTRACTS §4.3).
    body: (request) => withNestedTargets(request),
  },
  { operation: 'Endpoints_CreateOrUpdate', example: 'trafficmanager/Endpoint-PUT-External-WithAlwaysServe.json', status: 201, method: 'PUT', path: (w) => `${tm(w)}/tm-aksdr/ExternalEndpoints/azsmnet7187` },
  { operation: 'Endpoints_Update', example: 'trafficmanager/Endpoint-PATCH-External-Target.json', status: 200, method: 'PATCH', path: (w) => `${tm(w)}/tm-aksdr/ExternalEndpoints/ep-weu` },
  {
    // No example of its own: the endpoint the PATCH example answers with (one without alwaysServe).
    operation: 'Endpoints_Get',
    example: 'trafficmanager/Endpoint-PATCH-External-Target.json',
    status: 200,
    method: 'GET',
    path: (w) => `${tm(w)}/tm-aksdr/ExternalEndpoints/ep-neu`,
  },
  { operation: 'ManagedClusters_Get', example: 'containerservice/ManagedClustersGet.json', status: 200, method: 'GET', path: (w) => `${aks(w)}/aks-weu` },
  { operation: 'ManagedClusters_ListByResourceGroup', example: 'containerservice/ManagedClustersGet.json', status: 200, method: 'GET', path: aks, compare: 'each-value' },
  {
    operation: 'ManagedClusters_List',
    example: 'containerservice/ManagedClustersGet.json',
    status: 200,
    method: 'GET',
    path: (w) => `${sub(w)}/providers/Microsoft.ContainerService/managedClusters`,
    compare: 'each-value',
  },
  { operation: 'ManagedClusters_ListClusterUserCredentials', example: 'containerservice/ManagedClustersListClusterCredentialResult.json', status: 200, method: 'POST', path: (w) => `${aks(w)}/aks-weu/listClusterUserCredential` },
  { operation: 'ManagedClusters_ListClusterAdminCredentials', example: 'containerservice/ManagedClustersListClusterAdminCredentials.json', status: 200, method: 'POST', path: (w) => `${aks(w)}/aks-weu/listClusterAdminCredential` },
  { operation: 'AgentPools_Get', example: 'containerservice/AgentPoolsGet.json', status: 200, method: 'GET', path: (w) => `${aks(w)}/aks-weu/agentPools/user` },
  { operation: 'AgentPools_List', example: 'containerservice/AgentPoolsList.json', status: 200, method: 'GET', path: (w) => `${aks(w)}/aks-weu/agentPools` },
  { operation: 'AgentPools_CreateOrUpdate', example: 'containerservice/AgentPoolsCreate_Update.json', status: 201, method: 'PUT', path: (w) => `${aks(w)}/aks-neu/agentPools/agentpool1`.replace('rg-aksdr-weu', 'rg-aksdr-neu') },
  { operation: 'Registries_Get', example: 'containerregistry/RegistryGet.json', status: 200, method: 'GET', path: (w) => `${acr(w)}/acraksdr` },
  { operation: 'Registries_ListByResourceGroup', example: 'containerregistry/RegistryGet.json', status: 200, method: 'GET', path: acr, compare: 'each-value' },
  {
    operation: 'Registries_List',
    example: 'containerregistry/RegistryGet.json',
    status: 200,
    method: 'GET',
    path: (w) => `${sub(w)}/providers/Microsoft.ContainerRegistry/registries`,
    compare: 'each-value',
  },
  { operation: 'Replications_List', example: 'containerregistry/ReplicationList.json', status: 200, method: 'GET', path: (w) => `${acr(w)}/acraksdr/replications` },
  { operation: 'Replications_Get', example: 'containerregistry/ReplicationGet.json', status: 200, method: 'GET', path: (w) => `${acr(w)}/acraksdr/replications/northeurope` },
];

function withNestedTargets(request: unknown): unknown {
  const copy = structuredClone(request) as { properties: { endpoints: { name: string; properties: Record<string, unknown> }[] } };
  for (const endpoint of copy.properties.endpoints) {
    endpoint.properties.targetResourceId = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myresourcegroup/providers/Microsoft.Network/trafficManagerProfiles/${endpoint.name.toLowerCase()}`;
  }
  return copy;
}

/** How the served body differs from the example's response body. */
export function problemsOf(c: ArmCase, body: unknown): ShapeProblem[] {
  const reference = exampleBody(readExample(c.example), c.exampleStatus ?? c.status);
  const options = { mapKeys, ...alsoServedByOperation[c.operation], ...c.options };
  if (c.compare === 'each-value') {
    const items = (body as { value?: unknown[] }).value ?? [];
    return [...(items.length === 0 ? [{ path: 'value', problem: 'missing' as const, detail: 'no items to compare' }] : []), ...items.flatMap((item) => compareShape(reference, item, options))];
  }
  return compareShape(reference, body, options);
}
