// Azure RBAC as ARM applies it: every request is one action (`{namespace}/{type}[/{child}]/read|write|
// delete`, or `…/{verb}/action` for a POST), allowed when the principal's role grants it (wildcards
// allowed, case-insensitive). The lab records every action it was asked, and — given a role — refuses
// the others with ARM's 403 AuthorizationFailed, so tests prove the product's documented role suffices.
import { decodeJwt } from 'jose';
import type { LabRequest } from '../http/handler.js';
import { ArmError } from './errors.js';

const canonicalNames: Record<string, string> = {
  'microsoft.network': 'Microsoft.Network',
  'microsoft.containerservice': 'Microsoft.ContainerService',
  'microsoft.containerregistry': 'Microsoft.ContainerRegistry',
  trafficmanagerprofiles: 'trafficManagerProfiles',
  externalendpoints: 'externalEndpoints',
  azureendpoints: 'azureEndpoints',
  nestedendpoints: 'nestedEndpoints',
  managedclusters: 'managedClusters',
  agentpools: 'agentPools',
  listclusterusercredential: 'listClusterUserCredential',
  listclusteradmincredential: 'listClusterAdminCredential',
  operationresults: 'operationresults',
};

function canonical(segment: string): string {
  return canonicalNames[segment.toLowerCase()] ?? segment;
}

/** The RBAC action of an ARM request, or undefined for a path outside any provider. */
export function rbacActionOf(method: string, pathname: string): string | undefined {
  const segments = pathname.split('/').filter(Boolean);
  const providers = segments.findIndex((s) => s.toLowerCase() === 'providers');
  if (providers < 0 || providers + 1 >= segments.length) {
    // Resource groups themselves: /subscriptions/{id}/resourceGroups[/{name}]
    return method === 'GET' ? 'Microsoft.Resources/subscriptions/resourceGroups/read' : undefined;
  }
  const namespace = canonical(segments[providers + 1] ?? '');
  const rest = segments.slice(providers + 2);
  const types: string[] = [];
  // Types and names alternate; a trailing segment after a name is a POST action's verb.
  for (let i = 0; i < rest.length; i += 2) types.push(canonical(rest[i] ?? ''));
  const verbOnly = rest.length % 2 === 1;
  if (verbOnly && method === 'POST') return [namespace, ...types, 'action'].join('/');
  const verb = method === 'GET' || method === 'HEAD' ? 'read' : method === 'DELETE' ? 'delete' : method === 'POST' ? 'action' : 'write';
  return [namespace, ...types, verb].join('/');
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
}

export function permits(granted: readonly string[], action: string): boolean {
  return granted.some((pattern) => globToRegExp(pattern).test(action));
}

export function authorizationFailed(request: LabRequest, action: string): ArmError {
  let client = 'unknown';
  let objectId = 'unknown';
  try {
    const claims = decodeJwt(/^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '')?.[1] ?? '');
    client = typeof claims.appid === 'string' ? claims.appid : client;
    objectId = typeof claims.oid === 'string' ? claims.oid : objectId;
  } catch {
    /* authentication already passed; the names are for the message only */
  }
  const scope = request.url.pathname.replace(/\/(listClusterUserCredential|listClusterAdminCredential|start|stop)$/i, '');
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${client}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}
