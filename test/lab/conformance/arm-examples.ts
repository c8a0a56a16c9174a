// The official x-ms-examples under ../shared/contracts/azure (read only inside describeWithShared
// suites, which skip with a notice when a fresh clone has no ../shared): the request each shows (path values,
// query, body) and the response body for a status.
import { readShared } from '../../fixtures/shared-files.js';

export interface ArmExample {
  parameters: Record<string, unknown> & { 'api-version': string; parameters?: unknown };
  responses: Record<string, { body?: unknown }>;
}

export function readExample(relative: string): ArmExample {
  return JSON.parse(readShared(`contracts/azure/${relative}`)) as ArmExample;
}

export function exampleBody(example: ArmExample, status: number): unknown {
  const response = example.responses[String(status)];
  if (!response) throw new Error(`the example has no ${status} response`);
  return response.body;
}

/** The request body the example sends, for replaying it against the lab. */
export function exampleRequestBody(example: ArmExample): unknown {
  return example.parameters.parameters;
}

export const exampleFiles = [
  'trafficmanager/Profile-GET-WithTrafficViewEnabled.json',
  'trafficmanager/Profile-PUT-WithNestedEndpoints.json',
  'trafficmanager/Endpoint-PUT-External-WithAlwaysServe.json',
  'trafficmanager/Endpoint-PATCH-External-Target.json',
  'containerservice/ManagedClustersGet.json',
  'containerservice/ManagedClustersListClusterAdminCredentials.json',
  'containerservice/ManagedClustersListClusterCredentialResult.json',
  'containerservice/AgentPoolsGet.json',
  'containerservice/AgentPoolsList.json',
  'containerservice/AgentPoolsCreate_Update.json',
  'containerregistry/RegistryGet.json',
  'containerregistry/ReplicationList.json',
  'containerregistry/ReplicationGet.json',
] as const;

export type ExampleFile = (typeof exampleFiles)[number];
