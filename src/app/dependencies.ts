// The composition root: the one place that builds the real adapters — the Azure environment and
// credential, the ARM clients, the cluster connections, the app probe's HTTP client, the request
// counter — and wires them for the probes and readiness checks. Commands and the service call
// `createDependencies` once and `close()` at the end.
import { Agent as UndiciAgent } from 'undici';
import { dirname, resolve } from 'node:path';
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { AcrClient } from '../azure/acr-client.js';
import { dnsResolverFromEnv } from '../azure/dns-resolver.js';
import type { DnsResolverPort } from '../core/ports/dns-port.js';
import { AksClient } from '../azure/aks-client.js';
import type { ArmConnection } from '../azure/arm-connection.js';
import { RegistryImagesClient } from '../azure/registry-images-client.js';
import { TrafficManagerClient } from '../azure/traffic-manager-client.js';
import { resolveAzureEnvironment, type AzureEnvironment, type AzureEnvironmentFlags } from '../config/azure-environment.js';
import { createCredential, credentialOptionsFor } from '../config/credentials.js';
import type { AcrPort } from '../core/ports/acr-port.js';
import type { AksPort } from '../core/ports/aks-port.js';
import type { RegistryImagesPort } from '../core/ports/registry-images-port.js';
import type { TrafficManagerPort } from '../core/ports/traffic-manager-port.js';
import { ClusterConnections } from '../kube/cluster-connections.js';
import { RequestCounter } from '../metrics/request-counter.js';
import { createLogger } from '../observability/logger.js';
import type { FailoverPolicy } from '../policy/index.js';
import { systemClock, type Clock, type ClusterPorts } from '../probes/cluster-ports.js';
import { NodeHttpProbeClient, type HttpProbeClient } from '../probes/http-probe-client.js';
import { ProbeRunner } from '../probes/probe-runner.js';
import { DeploymentsMemory, rememberingDeployments } from '../readiness/deployments-memory.js';
import { ReadinessCheckerImpl } from '../readiness/readiness-checker.js';
import { AzureAccessError } from './errors.js';
import type { ActionPorts } from '../engine/executor/executor-ports.js';
import { ClusterRouter } from './cluster-router.js';

export interface PolicySource {
  /** The policy's file: relative `regions[].kubeconfig` paths are resolved against its folder. */
  file?: string;
  policy: FailoverPolicy;
}

export interface DependenciesOptions {
  /** The environment to read (AZURE_*, AKSDR_*); never mutated. */
  env: Readonly<Record<string, string | undefined>>;
  flags?: AzureEnvironmentFlags;
  logger?: Logger;
  /** Where the request metrics are registered; a private registry when omitted. */
  registry?: Registry;
  /** The policies to be watched: their static kubeconfigs, credential kinds and Velero namespace. */
  policies?: readonly PolicySource[];
  clock?: Clock;
  tuning?: {
    /** How long an API server is left alone after a timeout, 429 or unreachable answer (default 15 s). */
    apiServerBackoffInMs?: number;
    /** The ARM SDK retries of the non-probe clients (SDK defaults when omitted: 3 retries, exponential). */
    armRetryOptions?: ArmConnection['retryOptions'];
  };
  /** Reads AKSDR_CA_FILE; for tests. */
  readTextFile?: (path: string) => string;
}

export interface Dependencies {
  environment: AzureEnvironment;
  credential: TokenCredential;
  /** ARM clients with the SDK's retries: for readiness checks and actions. */
  trafficManager: TrafficManagerPort;
  aks: AksPort;
  acr: AcrPort;
  registryImages: RegistryImagesPort;
  /** ARM clients without SDK retries, for the probes: a probe's retry is the next cycle. */
  probing: { aks: AksPort; trafficManager: TrafficManagerPort };
  /** Connections for the probes: short deadlines, and a breaker that leaves a struggling API server alone. */
  clusters: ClusterRouter;
  /**
   * Connections for readiness reads and the executor's steps: their own pool and no breaker, so the
   * probes' back-off from a slow API server never starves the few reads a failover needs (which
   * have their own, longer deadlines).
   */
  actingClusters: ClusterPorts & Pick<ClusterRouter, 'deleteNamespace'>;
  /** What each cluster last ran, fed by every deployments read, for readiness when a source is down. */
  deploymentsMemory: DeploymentsMemory;
  http: HttpProbeClient;
  /** Resolves the profile's name as clients do (`AKSDR_VERIFY_DNS`); absent: not checked. */
  dns?: DnsResolverPort;
  requestCounter: RequestCounter;
  metrics: Registry;
  logger: Logger;
  clock: Clock;
  /** Fails with an AzureAccessError when no token for ARM can be had (no credentials, wrong secret …). */
  verifyAzureAccess(options?: { abortSignal?: AbortSignal }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A service principal given in `env` (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET) is used
 * directly — DefaultAzureCredential would only read it from `process.env`; otherwise the
 * DefaultAzureCredential chain (workload identity, managed identity, Azure CLI …).
 */
export function credentialFor(environment: AzureEnvironment, env: Readonly<Record<string, string | undefined>>): TokenCredential {
  const tenantId = env.AZURE_TENANT_ID?.trim();
  const clientId = env.AZURE_CLIENT_ID?.trim();
  const secret = env.AZURE_CLIENT_SECRET?.trim();
  if (tenantId && clientId && secret) {
    const { authorityHost, disableInstanceDiscovery, tlsOptions } = credentialOptionsFor(environment, env);
    return new ClientSecretCredential(tenantId, clientId, secret, { authorityHost, disableInstanceDiscovery, ...(tlsOptions ? { tlsOptions } : {}) });
  }
  return createCredential(environment, env);
}

/** @throws AzureEnvironmentError when the environment is misconfigured (every problem listed). */
export function createDependencies(options: DependenciesOptions): Dependencies {
  const environment = resolveAzureEnvironment(options.env, options.flags, options.readTextFile ? { readTextFile: options.readTextFile } : {});
  const credential = credentialFor(environment, options.env);
  const metrics = options.registry ?? new Registry();
  const requestCounter = new RequestCounter(metrics);
  const connection: ArmConnection = { environment, credential, recorder: requestCounter, ...(options.tuning?.armRetryOptions ? { retryOptions: options.tuning.armRetryOptions } : {}) };
  const probingConnection: ArmConnection = { ...connection, retryOptions: { maxRetries: 0 } };
  const aks = new AksClient(connection);
  const policies = options.policies ?? [];
  const regions = policies.flatMap(({ file, policy }) => policy.spec.regions.map((region) => ({ file, region })));
  const staticKubeconfigs = Object.fromEntries(
    regions.filter(({ region }) => region.kubeconfig).map(({ file, region }) => [region.cluster, resolve(file ? dirname(file) : process.cwd(), region.kubeconfig ?? '')]),
  );
  const veleroNamespace = policies.map(({ policy }) => policy.spec.recovery?.velero.namespace).find((ns) => ns !== undefined);
  // Backup contents come from object storage through pre-signed URLs; a custom CA (AKSDR_CA_FILE) is trusted there too.
  const downloadAgent = environment.caPem ? new UndiciAgent({ connect: { ca: environment.caPem } }) : undefined;
  const connectionsOf = (kind: 'user' | 'admin'): ClusterConnections =>
    new ClusterConnections({
      aks,
      kubeconfigKind: kind,
      staticKubeconfigs,
      credential,
      recorder: requestCounter,
      ...(options.tuning?.apiServerBackoffInMs !== undefined ? { guard: { halfOpenAfterInMs: options.tuning.apiServerBackoffInMs } } : {}),
      ...(veleroNamespace ? { veleroNamespace } : {}),
      ...(downloadAgent ? { backupDownload: { dispatcher: downloadAgent } } : {}),
    });
  const adminClusters = regions.filter(({ region }) => region.credentials === 'admin').map(({ region }) => region.cluster);
  const clusters = new ClusterRouter(connectionsOf('user'), adminClusters.length > 0 ? connectionsOf('admin') : undefined, adminClusters);
  const actingClusters = clusters.acting();
  const http = new NodeHttpProbeClient(environment.caPem ? { caPem: environment.caPem } : {});
  const dns = dnsResolverFromEnv(options.env.AKSDR_VERIFY_DNS);

  return {
    environment,
    credential,
    trafficManager: new TrafficManagerClient(connection),
    aks,
    acr: new AcrClient(connection),
    registryImages: new RegistryImagesClient(connection),
    probing: { aks: new AksClient(probingConnection), trafficManager: new TrafficManagerClient(probingConnection) },
    clusters,
    actingClusters,
    deploymentsMemory: new DeploymentsMemory(),
    http,
    ...(dns ? { dns } : {}),
    requestCounter,
    metrics,
    logger: options.logger ?? createLogger(),
    clock: options.clock ?? systemClock,
    async verifyAzureAccess(verify = {}) {
      try {
        const token = await credential.getToken(environment.armAudience, { abortSignal: verify.abortSignal ?? AbortSignal.timeout(30_000) });
        if (!token) throw new Error('the credential returned no token');
      } catch (error) {
        throw new AzureAccessError(environment, error);
      }
    },
    async close() {
      http.close();
      await downloadAgent?.close();
      await clusters.close();
    },
  };
}

/** The Observer the engine and `aksdr status` use. */
export function createObserver(deps: Dependencies, options: { clock?: Clock } = {}): ProbeRunner {
  const clock = options.clock ?? deps.clock;
  return new ProbeRunner(
    { aks: deps.probing.aks, trafficManager: deps.probing.trafficManager, clusters: rememberingDeployments(deps.clusters, deps.deploymentsMemory, clock), http: deps.http },
    { clock },
  );
}

/** The ReadinessChecker the engine and `aksdr check` use. */
export function createReadinessChecker(deps: Dependencies): ReadinessCheckerImpl {
  const clusters = rememberingDeployments(deps.actingClusters, deps.deploymentsMemory, deps.clock);
  return new ReadinessCheckerImpl({ acr: deps.acr, aks: deps.aks, trafficManager: deps.trafficManager, clusters, registryImages: deps.registryImages, memory: deps.deploymentsMemory, clock: deps.clock });
}

/** The ports the engine acts through: the acting lane to the clusters, the observer, readiness, and DNS when configured. */
export function createActionPorts(deps: Dependencies, options: { clock?: Clock } = {}): ActionPorts {
  return {
    trafficManager: deps.trafficManager,
    aks: deps.aks,
    clusters: deps.actingClusters,
    observer: createObserver(deps, options),
    readiness: createReadinessChecker(deps),
    ...(deps.dns ? { dns: deps.dns } : {}),
    workloadMemory: deps.deploymentsMemory,
  };
}
