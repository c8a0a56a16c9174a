// The HTTP API over an engine world (fakes, fake clock): a service port that exposes one policy
// whose engine this "replica" runs, a registry with the service metrics, and request helpers.
import { Registry } from 'prom-client';
import type { FailoverPolicy } from '../../../src/policy/index.js';
import { ServiceMetrics } from '../../../src/metrics/service-metrics.js';
import { createApp, type App, type ServicePort } from '../../../src/server/app.js';
import type { Authenticator } from '../../../src/server/auth.js';
import type { ServiceStatus } from '../../../src/service/service.js';
import { anEngineWorld, type EngineWorld } from '../../engine/support/engine-world.js';

export interface ApiWorld {
  world: EngineWorld;
  app: App;
  registry: Registry;
  metrics: ServiceMetrics;
  status: ServiceStatus;
  runner: { leading: boolean; engine: ReturnType<EngineWorld['engine']> };
  /** Sends a request through the app, driving the fake clock until it answers. */
  send(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string }): Promise<Response>;
}

export function anApiWorld(policy: FailoverPolicy, authenticate: Authenticator): ApiWorld {
  const world = anEngineWorld(policy);
  const registry = new Registry();
  const metrics = new ServiceMetrics(registry);
  const runner = { leading: true, engine: world.engine() };
  const name = policy.metadata.name;
  const status: ServiceStatus = { replica: 'replica-a', started: true, policies: [{ name, file: `/policies/${name}.yaml`, leading: true, leaseRenewing: true }], loadErrors: [], startErrors: [] };
  const service: ServicePort = {
    replica: 'replica-a',
    status: () => status,
    find: (wanted) => (wanted === name ? { entry: { file: `/policies/${name}.yaml`, policy, fingerprint: 'x' }, runner } : undefined),
  };
  const app = createApp({ service, store: world.store, registry, metrics, authenticate, clock: world.clock, commandWaitInMs: 5_000 });
  return {
    world,
    app,
    registry,
    metrics,
    status,
    runner,
    send: (method, path, options = {}) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      return world.clock.runUntilSettled(app(new Request(`http://aksdr.test${path}`, { method, headers, ...(body !== undefined ? { body } : {}) })));
    },
  };
}
