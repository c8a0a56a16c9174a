// The lab's Kubernetes API servers: one handler serves every cluster under `/clusters/{name}`
// (or, without the prefix, the cluster whose token the request carries).
// Order of a request: the cluster's region faults (a dead API server resets the connection, a slow
// one answers late, a flaky one fails some requests), then authentication, then health, version,
// discovery, OpenAPI and the resources.
import type { LabContext } from '../context.js';
import { json, type LabHandler, type LabReply, type LabRequest, type LabResponse } from '../http/handler.js';
import { deploymentsDef } from './apps.js';
import type { TokenService } from '../entra/token-service.js';
import { authenticate, authenticateEntra, clusterOfToken, isPublicPath, type Caller } from './auth.js';
import { namespacesDef, nodesDef } from './core.js';
import { discoveryReply, versionInfo } from './discovery.js';
import { requestFaultFor } from './faults.js';
import { healthReply, isHealthEndpoint } from './health.js';
import { openapiReply } from './openapi.js';
import type { ClusterScope, ResourceDef } from './resource-def.js';
import { serveResource } from './resource-crud.js';
import { oidcIssuerReply, ServiceAccountIssuer } from './service-account-issuer.js';
import { parseResourcePath, pathSegments } from './router.js';
import { pathNotFound, statusReply, unauthorized } from './status.js';
import { veleroDefs } from './velero-api.js';
import { serveStorage } from './velero-downloads.js';

export const allResourceDefs: readonly ResourceDef[] = [nodesDef, namespacesDef, deploymentsDef, ...veleroDefs];

/** The check a flaky API server fails on its health endpoints. */
const flakyFailingChecks = ['etcd'];

export function createKubeHandler(ctx: LabContext, issuer: ServiceAccountIssuer = new ServiceAccountIssuer(ctx), tokens?: TokenService): LabHandler {
  const defs = allResourceDefs;
  return (request: LabRequest): LabResponse | Promise<LabResponse> => {
    const segments = pathSegments(request.url.pathname);
    // The backup storage account's stand-in (pre-signed download URLs): not an API server path.
    if (segments[0] === 'storage') return serveStorage(ctx, request);
    const prefixed = segments[0] === 'clusters' && segments[1] !== undefined;
    // `kubectl get --raw /path` drops the server URL's path prefix; the bearer token still names the cluster.
    const cluster = prefixed ? ctx.world.clusters.find((c) => c.name === segments[1]) : clusterOfToken(ctx.world.clusters, request);
    if (!cluster) return finish(pathNotFound());
    // The OIDC issuer is its own public service in AKS: open to anyone, up while the API server is not.
    if (prefixed && segments[2] === 'oidc' && request.method === 'GET') {
      return oidcIssuerReply(issuer, cluster, segments.slice(2)).then((doc) => (doc ? json(200, doc) : finish(pathNotFound())));
    }
    // A stopped AKS cluster has no API server to talk to.
    if (cluster.powerState !== 'Running') return { drop: true };
    const scope: ClusterScope = { ctx, cluster };
    const fault = requestFaultFor(scope);
    if (fault.dead) return { drop: true, mode: fault.dead };
    const respond = (caller: Caller): LabResponse => {
      const reply = answer(scope, defs, request, prefixed ? segments.slice(2) : segments, fault.flaky, caller);
      return fault.delayMs > 0 ? { ...finish(reply), delayMs: fault.delayMs } : finish(reply);
    };
    return cluster.entraIntegrated ? authenticateEntra(request, tokens, ctx.world.identity.tenantId).then(respond) : respond(authenticate(request, cluster));
  };
}

function answer(scope: ClusterScope, defs: readonly ResourceDef[], request: LabRequest, segments: string[], flaky: boolean, caller: Caller): LabReply {
  if (caller === 'rejected' || (caller === 'anonymous' && !isPublicPath(segments))) return unauthorized();

  const root = segments[0];
  if (isHealthEndpoint(root)) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return statusReply('MethodNotAllowed', 'the server does not allow this method on the requested resource');
    if (segments.length > 2) return pathNotFound();
    return healthReply(root, request.url, flaky ? flakyFailingChecks : [], segments[1]);
  }
  if (flaky) return statusReply('ServiceUnavailable', 'the server is currently unable to handle the request');
  if (root === 'version' && segments.length === 1) return json(200, versionInfo(scope.cluster));

  if (request.method === 'GET') {
    const discovery = discoveryReply(defs, segments, request.url.host) ?? openapiReply(defs, scope.cluster, segments);
    if (discovery) return discovery;
  }
  const path = parseResourcePath(segments);
  if (!path) return pathNotFound();
  const def = defs.find((d) => d.type.group === path.group && d.type.version === path.version && d.type.plural === path.plural);
  if (!def) return pathNotFound();
  return serveResource(scope, request, def, path);
}

/** Like the real server: `application/json` without a charset, and no caching of API answers. */
function finish(reply: LabReply): LabReply {
  const headers: Record<string, string> = { ...reply.headers, 'cache-control': 'no-cache, private' };
  if (headers['content-type']?.startsWith('application/json')) headers['content-type'] = 'application/json';
  return { ...reply, headers };
}
