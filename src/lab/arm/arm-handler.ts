// Azure Resource Manager as the real SDK clients see it. Every request goes through ARM's front
// door in this order: request ids → authentication → api-version → subscription, resource group
// and provider/type → route → ARM faults → regional provider reachability → the provider's answer.
// Any exception becomes an ARM error body; unknown ones a 500, so bad input never takes it down.
import { randomUUID } from 'node:crypto';
import type { LabContext } from '../context.js';
import type { TokenService } from '../entra/token-service.js';
import { isDrop, queryParam, readJson, type LabHandler, type LabReply, type LabRequest, type LabResponse } from '../http/handler.js';
import { agentPoolRoutes } from './agent-pools.js';
import { ArmState } from './arm-state.js';
import { authorizationFailed, permits, rbacActionOf } from './authorization.js';
import { authenticate } from './auth.js';
import { apiVersionError, resourceTypeKey } from './api-versions.js';
import { ArmError, armErrorReply, armErrors, isArmError } from './errors.js';
import { armFaultEffect, regionDownError } from './faults.js';
import { managedClusterRoutes } from './managed-clusters.js';
import { operationRoutes } from './operations.js';
import { registryRoutes } from './registries.js';
import { resourceGroupRoutes } from './resource-groups.js';
import { ArmRouter, pathSegments, type ArmCall } from './router.js';
import { trafficManagerRoutes } from './traffic-manager.js';

/** Resource types the emulator serves, per provider namespace (lower case). */
const providerTypes: Record<string, { namespace: string; types: string[] }> = {
  'microsoft.network': { namespace: 'Microsoft.Network', types: ['trafficmanagerprofiles'] },
  'microsoft.containerservice': { namespace: 'Microsoft.ContainerService', types: ['managedclusters', 'locations'] },
  'microsoft.containerregistry': { namespace: 'Microsoft.ContainerRegistry', types: ['registries'] },
};

/** True when the lab serves this `namespace/type` (or it is a resource group). */
function isKnownType(typeKey: string): boolean {
  const [namespace = '', type = ''] = typeKey.split('/');
  return namespace === 'microsoft.resources' || (providerTypes[namespace]?.types.includes(type) ?? false);
}

export function createArmHandler(ctx: LabContext, tokens: TokenService, state: ArmState = new ArmState(ctx)): LabHandler {
  const router = new ArmRouter([...resourceGroupRoutes(), ...trafficManagerRoutes(), ...managedClusterRoutes(), ...agentPoolRoutes(), ...operationRoutes(), ...registryRoutes()]);

  return async (request) => {
    const ids = requestIds(ctx, request);
    let response: LabResponse;
    try {
      response = await answer(ctx, tokens, state, router, request);
    } catch (error) {
      response = armErrorReply(isArmError(error) ? error : armErrors.internal());
    }
    if (isDrop(response)) return response;
    return { ...response, headers: { 'cache-control': 'no-cache', pragma: 'no-cache', expires: '-1', ...response.headers, ...ids } };
  };
}

async function answer(ctx: LabContext, tokens: TokenService, state: ArmState, router: ArmRouter, request: LabRequest): Promise<LabResponse> {
  const authError = await authenticate(ctx, tokens, request);
  if (authError) throw authError;

  const apiVersion = queryParam(request.url, 'api-version');
  if (apiVersion === undefined || apiVersion === '') throw armErrors.missingApiVersion();
  const segments = pathSegments(request.url.pathname);
  const typeKey = resourceTypeKey(segments);
  // A type ARM does not know is refused for its type, not for its version (checkScope).
  const versionError = apiVersionError(apiVersion, typeKey && isKnownType(typeKey) ? typeKey : undefined);
  if (versionError) throw versionError;
  checkScope(ctx, state, segments, apiVersion);

  const match = router.match(segments);
  if (!match) throw unknownPath(segments, request.url.pathname, apiVersion);
  const operation = match.route.methods[request.method];
  if (!operation) throw armErrors.methodNotAllowed(request.method, Object.keys(match.route.methods));
  const action = rbacActionOf(request.method, request.url.pathname);
  if (action) {
    state.actionsRequested.add(action);
    if (ctx.armActions && !permits(ctx.armActions, action)) throw authorizationFailed(request, action);
  }

  state.operations.settle();
  const call: ArmCall = { ctx, state, request, params: match.params, apiVersion, body: () => parseBody(request) };
  const region = match.route.regionOf?.(call);
  const limits = state.throttle.admit(request, ctx.faults.armFaultsOfKind('arm-throttle', request.method, request.url.pathname, region));
  const fault = armFaultEffect(ctx, request.method, request.url.pathname, region);
  if (fault?.kind === 'answer') return fault.response;
  let delayMs = fault?.kind === 'delay' ? fault.delayMs : 0;
  let reply: LabReply;
  try {
    if (match.route.regionalProvider) {
      const down = regionDownError(ctx, region, providerNamespace(segments));
      if (down) {
        delayMs += down.delayMs;
        throw down.error;
      }
    }
    reply = await operation(call);
  } catch (error) {
    reply = armErrorReply(isArmError(error) ? error : armErrors.internal());
  }
  // A slow ARM is slow for its errors too; every admitted request's answer carries the countdown.
  return { ...reply, headers: { ...limits, ...reply.headers }, ...(delayMs ? { delayMs: (reply.delayMs ?? 0) + delayMs } : {}) };
}

/** Subscription, resource group and provider/type checks, in ARM's order, before any route. */
function checkScope(ctx: LabContext, state: ArmState, segments: string[], apiVersion: string): void {
  const lower = segments.map((s) => s.toLowerCase());
  if (lower[0] !== 'subscriptions' || !segments[1]) throw armErrors.noRoute(`/${segments.join('/')}`);
  if (lower[1] !== ctx.world.identity.subscriptionId.toLowerCase()) throw armErrors.subscriptionNotFound(segments[1]);
  if (lower[2] === 'resourcegroups' && segments[3] && !state.resourceGroup(segments[3])) throw armErrors.resourceGroupNotFound(segments[3]);
  const providersAt = lower.indexOf('providers');
  if (providersAt < 0) return;
  const namespace = segments[providersAt + 1];
  if (!namespace) return;
  const provider = providerTypes[namespace.toLowerCase()];
  if (!provider) throw armErrors.invalidResourceNamespace(namespace);
  const type = segments[providersAt + 2];
  if (type && !provider.types.includes(type.toLowerCase())) throw armErrors.invalidResourceType(type, provider.namespace, apiVersion);
}

/** A path under a known provider that no route serves names a child type ARM does not know. */
function unknownPath(segments: string[], pathname: string, apiVersion: string): ArmError {
  const providersAt = segments.findIndex((s) => s.toLowerCase() === 'providers');
  const namespace = providersAt >= 0 ? segments[providersAt + 1] : undefined;
  const provider = namespace ? providerTypes[namespace.toLowerCase()] : undefined;
  if (!provider || !namespace) return armErrors.noRoute(pathname);
  const typeSegments = segments.slice(providersAt + 2).filter((_, i) => i % 2 === 0);
  return armErrors.invalidResourceType(typeSegments.join('/'), provider.namespace, apiVersion);
}

function providerNamespace(segments: string[]): string {
  const providersAt = segments.findIndex((s) => s.toLowerCase() === 'providers');
  const namespace = providersAt >= 0 ? segments[providersAt + 1] : undefined;
  return (namespace && providerTypes[namespace.toLowerCase()]?.namespace) ?? 'Microsoft.Resources';
}

function parseBody(request: LabRequest): unknown {
  if (request.body.length === 0) return undefined;
  const contentType = String(request.headers['content-type'] ?? 'application/json').toLowerCase();
  if (!contentType.includes('json')) {
    throw new ArmError(415, 'UnsupportedMediaType', `The content media type '${contentType}' is not supported. Only 'application/json' is supported.`);
  }
  const parsed = readJson(request);
  if (parsed instanceof Error) throw armErrors.invalidRequestContent(parsed.message);
  return parsed;
}

function requestIds(ctx: LabContext, request: LabRequest): Record<string, string> {
  const requestId = randomUUID();
  const correlationId = request.headers['x-ms-correlation-request-id']?.toString() ?? requestId;
  const clientRequestId = request.headers['x-ms-client-request-id']?.toString();
  const stamp = new Date(ctx.clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': correlationId,
    'x-ms-routing-request-id': `${(ctx.world.spec.regions[0] ?? 'westeurope').toUpperCase()}:${stamp}:${requestId}`,
    ...(clientRequestId ? { 'x-ms-client-request-id': clientRequestId } : {}),
  };
}
