// `aksdr serve --policies DIR`: the standalone service — every policy of the folder, one actor per
// policy among the replicas (blob leases), the HTTP API and /metrics, webhooks, scheduled audits.
// SIGTERM/SIGINT stop it gracefully within --shutdown-timeout: operations in flight stop between
// calls (journaled; the next actor resumes them), leases are released, deliveries drained.
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { isConfigurationError } from '../../app/errors.js';
import { resolveAzureEnvironment } from '../../config/azure-environment.js';
import { systemClock } from '../../engine/clock.js';
import { ServiceMetrics } from '../../metrics/service-metrics.js';
import { fetchPost } from '../../notify/fetch-post.js';
import { Notifier } from '../../notify/notifier.js';
import { createLogger } from '../../observability/logger.js';
import { createAuthenticator } from '../../server/auth.js';
import { createApp } from '../../server/app.js';
import { entraSettingsFromEnv } from '../../server/entra-keys.js';
import { listen } from '../../server/node-binding.js';
import { openCoordination } from '../../service/coordination.js';
import { policyRuntimeFactory } from '../../service/policy-runtime.js';
import { scheduledDrill } from '../../service/scheduled-drill.js';
import { AksdrService } from '../../service/service.js';
import { AuditTrail } from '../../state/audit-trail.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { stateDirOf, stateDirOption, processEngineIo, type EngineCommandIo } from './engine/engine-setup.js';

interface ServeOptions {
  policies: string;
  listen: string;
  replica?: string;
  stateDir?: string;
  shutdownTimeout: number;
}

export function parseListen(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]*):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || !Number.isInteger(port) || port > 65_535) throw new ExitError(`--listen ${text}: give HOST:PORT, e.g. 0.0.0.0:8080 or 127.0.0.1:0`, ExitCode.usage);
  return { host: (match[1] || '0.0.0.0').replace(/^\[|\]$/g, ''), port };
}

async function serve(io: EngineCommandIo, options: ServeOptions): Promise<void> {
  const env = io.env();
  const { host, port } = parseListen(options.listen);
  const replica = options.replica ?? env.AKSDR_REPLICA ?? hostname();
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/i.test(replica)) throw new ExitError(`--replica ${replica}: letters, digits, '.', '_' and '-' only`, ExitCode.usage);
  if (!(await stat(options.policies).then((s) => s.isDirectory(), () => false))) throw new ExitError(`--policies ${options.policies}: not a folder; give the folder holding the policy files`, ExitCode.usage);
  const logger = createLogger().child({ replica });
  let environment;
  try {
    environment = resolveAzureEnvironment(env);
  } catch (error) {
    if (isConfigurationError(error)) throw new ExitError(error.message, ExitCode.usage);
    throw error;
  }
  let entra;
  try {
    entra = entraSettingsFromEnv(env, environment.authorityHost, environment.caPem);
  } catch (error) {
    throw new ExitError(error instanceof Error ? error.message : String(error), ExitCode.usage);
  }
  const coordination = await openCoordination(env, stateDirOf(io, options.stateDir)).catch((error: unknown) => {
    throw new ExitError(error instanceof Error ? error.message : String(error), ExitCode.usage);
  });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'aksdr_process_' });
  const metrics = new ServiceMetrics(registry);
  const clock = systemClock;
  const webhooks = fetchPost(environment.caPem ? { caPem: environment.caPem } : {});
  const notifier = new Notifier({ replica, clock, audit: new AuditTrail(coordination.store), post: webhooks.post, env, logger, onDelivery: (policy, webhook, outcome) => metrics.notifications.inc({ policy, webhook, outcome }) });
  const service = new AksdrService({ policiesDir: options.policies, replica, store: coordination.store, leases: coordination.leases, clock, logger, metrics, runtime: policyRuntimeFactory({ env, store: coordination.store, registry, logger, clock }), notifier, drillRunner: (runtime) => scheduledDrill({ store: coordination.store, clock, ports: runtime.ports, logger }) });
  const sharedToken = env.AKSDR_API_TOKEN?.trim();
  const app = createApp({ service, store: coordination.store, registry, metrics, clock, logger, authenticate: createAuthenticator({ clock, ...(entra ? { entra } : {}), ...(sharedToken ? { sharedToken } : {}) }) });

  const stopped = new AbortController();
  const release = io.onStop(() => stopped.abort());
  const listening = await listen(app, host, port, logger);
  logger.info({ url: listening.url, state: coordination.describe, coordination: coordination.kind, policies: options.policies, auth: { entra: entra !== undefined, sharedToken: sharedToken !== undefined } }, 'aksdr serve listening');
  io.stdout(`${JSON.stringify({ listening: listening.url, replica })}\n`);
  try {
    await service.start();
    await new Promise<void>((resolve) => stopped.signal.addEventListener('abort', () => resolve(), { once: true }));
    logger.info('stopping: finishing or journaling the current steps, releasing leases');
    // Bounded: Kubernetes kills the pod after its grace period anyway; better to exit on our terms.
    const watchdog = setTimeout(() => {
      logger.error(`shutdown did not finish within ${options.shutdownTimeout} s; exiting (operations resume from their journal)`);
      process.exit(1);
    }, options.shutdownTimeout * 1000);
    watchdog.unref();
    await service.stop();
    await listening.close();
    await webhooks.close();
    await coordination.close();
    clearTimeout(watchdog);
    logger.info('stopped');
  } finally {
    release();
  }
}

export function registerServeCommand(program: Command, io: EngineCommandIo = processEngineIo): void {
  program
    .command('serve')
    .description('Run the service: every policy in a folder, HTTP API and /metrics, one actor per policy among replicas.')
    .requiredOption('--policies <dir>', 'folder of policy files (reloaded when it changes)')
    .option('--listen <host:port>', 'where the HTTP API listens', '0.0.0.0:8080')
    .option('--replica <name>', 'this replica\'s name (default: $AKSDR_REPLICA or the host name)')
    .option('--shutdown-timeout <seconds>', 'how long a graceful stop may take', (v) => Number(v), 25)
    .addOption(stateDirOption())
    .action((options: ServeOptions) => serve(io, options));
}
