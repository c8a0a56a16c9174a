// The service's HTTP API as a function from Request to Response (web standard types): built from its
// dependencies, tested without a port, bound to a socket only by `aksdr serve` (node-binding.ts).
//   GET  /healthz                      the process is alive
//   GET  /readyz                       state store reachable, policies loaded, leases renewing
//   GET  /metrics                      Prometheus text format (prom-client)
//   GET  /api/v1/policies              every policy: state, who acts, health in a word
//   GET  /api/v1/policies/{name}       state, health, readiness, last decision, history
//   POST /api/v1/policies/{name}/{approve|failover|failback|resume}   authenticated, audited
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../engine/clock.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import type { StateStore } from '../state/state-store.js';
import type { PolicyEngine } from '../engine/engine.js';
import type { PolicyEntry } from '../service/policy-directory.js';
import type { ServiceStatus } from '../service/service.js';
import type { Authenticator } from './auth.js';
import { HttpError, errorResponse, jsonResponse } from './http-error.js';
import { policyCommand } from './policy-commands.js';
import { policyDetail, policyList } from './policy-views.js';
import { readiness } from './readiness.js';

/** What the API needs of the service (AksdrService has it; tests pass a small fake). */
export interface ServicePort {
  readonly replica: string;
  status(): ServiceStatus;
  find(name: string): { entry: PolicyEntry; runner: { readonly leading: boolean; readonly engine: PolicyEngine } } | undefined;
}

export interface AppDependencies {
  service: ServicePort;
  store: StateStore;
  registry: Registry;
  metrics?: ServiceMetrics;
  authenticate: Authenticator;
  clock: Clock;
  logger?: Logger;
  /** How long a command waits for the acting replica's answer before answering 202. */
  commandWaitInMs?: number;
  /** Largest request body accepted, in bytes. */
  maxBodyInBytes?: number;
}

export type App = (request: Request) => Promise<Response>;

const commandRoute = /^\/api\/v1\/policies\/([a-z0-9-]{1,63})\/(approve|failover|failback|resume)$/;
const policyRoute = /^\/api\/v1\/policies\/([a-z0-9-]{1,63})$/;

export function createApp(deps: AppDependencies): App {
  return async (request) => {
    const requestId = request.headers.get('x-request-id')?.slice(0, 64).replace(/[^\w.-]/g, '') || randomUUID();
    const { pathname } = new URL(request.url);
    let route = 'unknown';
    let response: Response;
    try {
      response = await dispatch();
    } catch (error) {
      response = errorResponse(error, requestId, deps.logger);
    }
    deps.metrics?.httpRequests.inc({ method: request.method, route, status: String(response.status) });
    response.headers.set('x-request-id', requestId);
    return response;

    async function dispatch(): Promise<Response> {
      const method = request.method;
      const only = (allowed: string): void => {
        if (method !== allowed) throw new HttpError(405, 'MethodNotAllowed', `${method} is not allowed here; use ${allowed}`, { allow: allowed });
      };
      if (pathname === '/healthz') {
        route = '/healthz';
        only('GET');
        return jsonResponse(200, { status: 'alive', replica: deps.service.replica });
      }
      if (pathname === '/readyz') {
        route = '/readyz';
        only('GET');
        const ready = await readiness(deps);
        return jsonResponse(ready.ready ? 200 : 503, ready);
      }
      if (pathname === '/metrics') {
        route = '/metrics';
        only('GET');
        return new Response(await deps.registry.metrics(), { status: 200, headers: { 'content-type': deps.registry.contentType } });
      }
      if (pathname === '/api/v1/policies') {
        route = '/api/v1/policies';
        only('GET');
        return jsonResponse(200, await policyList(deps));
      }
      const detail = policyRoute.exec(pathname);
      if (detail?.[1]) {
        route = '/api/v1/policies/{name}';
        only('GET');
        return jsonResponse(200, await policyDetail(deps, detail[1]));
      }
      const command = commandRoute.exec(pathname);
      if (command?.[1] && command[2]) {
        route = `/api/v1/policies/{name}/${command[2]}`;
        only('POST');
        return policyCommand(deps, request, command[1], command[2] as 'approve' | 'failover' | 'failback' | 'resume', requestId);
      }
      throw new HttpError(404, 'NotFound', `no such endpoint: ${pathname}`);
    }
  };
}
