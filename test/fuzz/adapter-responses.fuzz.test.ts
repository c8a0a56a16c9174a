// Fuzzing of every answer the adapters parse: ARM (Traffic Manager, AKS, ACR), the ACR data plane
// (registry-images-client, through its token exchange), Kubernetes (client-node) and Velero — the
// REAL SDK clients, built by the product's own adapters, against a loopback HTTPS server that
// answers with malformed JSON, wrong types, missing fields, every status, huge bodies, compressed
// bombs, cut-off and never-ending bodies. Property: each call either returns a value of the port's
// type or fails with an AdapterError (a stable code, a message, no stack trace) — within its
// deadline plus a little; a body past the response size cap fails as such, never read whole.
import { appendFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { TokenCredential } from '@azure/identity';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcrClient } from '../../src/azure/acr-client.js';
import { AksClient } from '../../src/azure/aks-client.js';
import type { ArmConnection } from '../../src/azure/arm-connection.js';
import { RegistryImagesClient } from '../../src/azure/registry-images-client.js';
import { TrafficManagerClient } from '../../src/azure/traffic-manager-client.js';
import { adapterErrorCodes, isAdapterError } from '../../src/core/ports/adapter-error.js';
import { ClusterConnections } from '../../src/kube/cluster-connections.js';
import { fuzzParameters, fuzzTimeout } from './fuzz-runs.js';
import { hostileAnswer, type Json } from './support/hostile-answers.js';
import { startHostileServer, type HostileAnswer, type HostileServer } from './support/hostile-server.js';

/** The fuzz runs with a small cap so "huge" costs little; the default (8 MiB) has its own test below. */
const CAP = 64 * 1024;
const DEADLINE_MS = 800;
/** Beyond its deadline a call may take this long to unwind (abort, socket teardown, mapping). */
const SLACK_MS = 2_000;

const SUB = '00000000-0000-0000-0000-00000000f022';
const profileId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/trafficManagerProfiles/tm-shop`;
const clusterId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-weu`;
const registryId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acrshop`;

const staticToken: TokenCredential = { getToken: () => Promise.resolve({ token: 'fuzz-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

let server: HostileServer;
let connection: ArmConnection;
beforeAll(async () => {
  server = await startHostileServer();
  connection = {
    environment: { cloud: 'custom', armEndpoint: server.url, authorityHost: server.url, armAudience: 'https://management.azure.com/.default', caPem: server.caPem },
    credential: staticToken,
    retryOptions: { maxRetries: 0 },
    defaultTimeoutInMs: DEADLINE_MS,
    maxResponseBytes: CAP,
  };
}, 60_000);
afterAll(async () => {
  await server.close();
});

// ---- what a correct answer looks like (the port types) ----

const str = z.string();
const finite = z.number().finite();
const endpoint = z.strictObject({
  id: str,
  name: str,
  type: z.enum(['AzureEndpoints', 'ExternalEndpoints', 'NestedEndpoints']),
  status: z.enum(['Enabled', 'Disabled']),
  weight: finite.optional(),
  priority: finite.optional(),
  monitorStatus: str,
  alwaysServe: z.enum(['Enabled', 'Disabled']).optional(),
  target: str.optional(),
  location: str.optional(),
});
const profile = z.strictObject({ id: str, name: str, routing: str, profileStatus: str, monitorStatus: str, endpoints: z.array(endpoint), fqdn: str.optional(), ttlInSeconds: finite.optional(), monitorLagSeconds: finite.optional() });
const agentPool = z.strictObject({ name: str, mode: str, count: finite, provisioningState: str, powerState: str });
const cluster = z.strictObject({ id: str, name: str, location: str, provisioningState: str, powerState: str, kubernetesVersion: str, fqdn: str.optional(), agentPools: z.array(agentPool) });
const registry = z.strictObject({ id: str, name: str, location: str, loginServer: str.optional(), sku: str, provisioningState: str });
const replication = z.strictObject({ name: str, region: str, provisioningState: str, displayStatus: str, message: str.optional(), regionEndpointEnabled: z.boolean() });
const imagePresence = z.union([z.strictObject({ present: z.literal(true), digest: str }), z.strictObject({ present: z.literal(false) })]);
const readyz = z.strictObject({ ok: z.boolean(), status: finite.optional(), body: str.optional() });
const node = z.strictObject({ name: str, ready: z.boolean(), reason: str.optional(), pool: str.optional() });
const deployment = z.strictObject({
  namespace: str,
  name: str,
  replicas: finite,
  available: finite,
  ready: finite,
  images: z.array(str),
  conditions: z.array(z.strictObject({ type: str, status: str, reason: str.optional(), message: str.optional() })),
});
const backup = z.strictObject({ name: str, phase: str, startTimestamp: str.optional(), completionTimestamp: str.optional(), storageLocation: str.optional() });
const location = z.strictObject({ name: str, phase: str, lastValidationTime: str.optional(), message: str.optional() });
const restore = z.strictObject({
  name: str,
  phase: str,
  backupName: str.optional(),
  scheduleName: str.optional(),
  errors: finite,
  warnings: finite,
  failureReason: str.optional(),
  validationErrors: z.array(str).optional(),
  startTimestamp: str.optional(),
  completionTimestamp: str.optional(),
});

// ---- what a real server would answer (the templates the fuzzer mutates) ----

const tmEndpoint: Json = {
  id: `${profileId}/externalEndpoints/weu`,
  name: 'weu',
  type: 'Microsoft.Network/trafficManagerProfiles/externalEndpoints',
  properties: { target: 'weu.example.com', endpointStatus: 'Enabled', weight: 1000, priority: 1, endpointMonitorStatus: 'Online', endpointLocation: 'westeurope', alwaysServe: 'Enabled' },
};
const tmProfile: Json = {
  id: profileId,
  name: 'tm-shop',
  type: 'Microsoft.Network/trafficManagerProfiles',
  location: 'global',
  properties: {
    profileStatus: 'Enabled',
    trafficRoutingMethod: 'Weighted',
    dnsConfig: { relativeName: 'shop', fqdn: 'shop.trafficmanager.net', ttl: 30 },
    monitorConfig: { profileMonitorStatus: 'Online', protocol: 'HTTPS', port: 443, path: '/healthz' },
    endpoints: [tmEndpoint, { ...(tmEndpoint as Record<string, Json>), name: 'neu', id: `${profileId}/externalEndpoints/neu` }],
  },
};
const poolProperties: Json = { count: 3, mode: 'User', provisioningState: 'Succeeded', powerState: { code: 'Running' }, enableAutoScaling: false, vmSize: 'Standard_D4s_v5' };
const managedCluster: Json = {
  id: clusterId,
  name: 'aks-weu',
  location: 'westeurope',
  properties: {
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    kubernetesVersion: '1.30.1',
    currentKubernetesVersion: '1.30.1',
    fqdn: 'aks-weu.hcp.westeurope.azmk8s.io',
    agentPoolProfiles: [{ name: 'system', ...(poolProperties as Record<string, Json>), mode: 'System' }],
  },
};
const agentPoolResource: Json = { id: `${clusterId}/agentPools/user`, name: 'user', properties: poolProperties };
const credentials: Json = { kubeconfigs: [{ name: 'clusterUser', value: Buffer.from('apiVersion: v1\nkind: Config\n').toString('base64') }] };
const acrRegistry: Json = { id: registryId, name: 'acrshop', location: 'westeurope', sku: { name: 'Premium', tier: 'Premium' }, properties: { loginServer: 'acrshop.azurecr.io', provisioningState: 'Succeeded' } };
const replications: Json = { value: [{ id: `${registryId}/replications/northeurope`, name: 'northeurope', location: 'northeurope', properties: { provisioningState: 'Succeeded', status: { displayStatus: 'Ready', message: 'ok' }, regionEndpointEnabled: true } }] };
const tagProperties: Json = {
  registry: 'acrshop.azurecr.io',
  imageName: 'shop/frontend',
  tag: { name: '1.4.2', digest: 'sha256:0123456789abcdef', createdTime: '2026-01-01T00:00:00Z', lastUpdateTime: '2026-01-01T00:00:00Z', signed: false, changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true } },
};

// ---- the property ----

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function settle(call: () => Promise<unknown>): Promise<{ outcome: Outcome; elapsedInMs: number }> {
  const started = performance.now();
  const outcome = await call().then(
    (value): Outcome => ({ ok: true, value }),
    (error: unknown): Outcome => ({ ok: false, error }),
  );
  return { outcome, elapsedInMs: performance.now() - started };
}

/** The answer a real server gives: always the first case, so the path to a result is known to work. */
const validAnswer = (template: Json): HostileAnswer => ({ status: 200, headers: { 'content-type': 'application/json' }, body: { kind: 'text', text: typeof template === 'string' ? template : JSON.stringify(template) } });

const bodyIsOverCap = (answer: HostileAnswer): boolean => answer.body.kind === 'huge' || answer.body.kind === 'endless-fast' || answer.body.kind === 'gzip-bomb';

/**
 * Statuses whose body a client may drop unread or report by its status alone: no content (204, 205),
 * a redirect (fetch aborts it itself), an error status (client-node reports "HTTP 401" even when
 * the cap stopped the body). The cap still bounds what is read; the message need not name it.
 */
const bodyDiscarded = (status: number): boolean => status < 200 || status >= 300 || status === 204 || status === 205;

function describeAnswer(answer: HostileAnswer): string {
  const body = answer.body.kind === 'text' || answer.body.kind === 'cut-off' || answer.body.kind === 'lying-length' ? `${answer.body.kind}: ${answer.body.text.slice(0, 300)}` : JSON.stringify(answer.body);
  return `HTTP ${answer.status} ${JSON.stringify(answer.headers)} ${body}`;
}

function expectClearOutcome(answer: HostileAnswer, result: { outcome: Outcome; elapsedInMs: number }, schema: z.ZodType, expectCapError: boolean): void {
  const shown = describeAnswer(answer);
  expect(result.elapsedInMs, `took ${Math.round(result.elapsedInMs)} ms: ${shown}`).toBeLessThan(DEADLINE_MS + SLACK_MS);
  if (result.outcome.ok) {
    const parsed = schema.safeParse(result.outcome.value);
    expect(parsed.success, `returned a value that is not of the port's type (${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}): ${JSON.stringify(result.outcome.value)?.slice(0, 300)}\n${shown}`).toBe(true);
    return;
  }
  const error = result.outcome.error;
  expect(isAdapterError(error), `threw a ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}, not an AdapterError\n${shown}`).toBe(true);
  if (!isAdapterError(error)) return;
  expect(adapterErrorCodes).toContain(error.code);
  expect(error.message.trim()).not.toBe('');
  expect(error.message).not.toMatch(/\n\s+at /);
  if (expectCapError) expect(error.message, shown).toMatch(/response size cap|did not (finish|answer) within/);
}

interface Target {
  name: string;
  template: Json;
  schema: z.ZodType;
  call: () => Promise<unknown>;
  /** Where the hostile body is certainly read by our capped reader (not, say, a 204 the SDK skips). */
  capChecked?: boolean;
}

function fuzzTarget(target: () => Target, defaultRuns: number): void {
  const shape = target();
  it(
    `${shape.name}: a value of the port's type or a clear AdapterError, within the deadline`,
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileAnswer(shape.template, CAP), async (answer) => {
          if (process.env.AKSDR_FUZZ_TRACE) appendFileSync(process.env.AKSDR_FUZZ_TRACE, `${shape.name} ${JSON.stringify(answer).slice(0, 2000)}\n`);
          server.answer = answer;
          const result = await settle(target().call);
          if (JSON.stringify(answer) === JSON.stringify(validAnswer(shape.template))) {
            expect(result.outcome.ok, `the real server's answer did not give a result: ${result.outcome.ok ? '' : String(result.outcome.error)}`).toBe(true);
          }
          expectClearOutcome(answer, result, shape.schema, (shape.capChecked ?? true) && bodyIsOverCap(answer) && !bodyDiscarded(answer.status));
        }),
        { ...fuzzParameters<[HostileAnswer]>(defaultRuns), examples: [[validAnswer(shape.template)]] },
      );
    },
    fuzzTimeout(defaultRuns, 400),
  );
}

describe('ARM answers, to the real Azure SDK clients', () => {
  const tm = (): TrafficManagerClient => new TrafficManagerClient(connection);
  const aks = (): AksClient => new AksClient(connection);
  const acr = (): AcrClient => new AcrClient(connection);
  const timeout = { timeoutInMs: DEADLINE_MS };
  fuzzTarget(() => ({ name: 'TrafficManager getProfile', template: tmProfile, schema: profile, call: () => tm().getProfile(profileId, timeout) }), 30);
  fuzzTarget(() => ({ name: 'TrafficManager setEndpoint', template: tmEndpoint, schema: endpoint, call: () => tm().setEndpoint(profileId, 'ExternalEndpoints', 'weu', { weight: 1 }, timeout) }), 20);
  fuzzTarget(() => ({ name: 'AKS getCluster', template: managedCluster, schema: cluster, call: () => aks().getCluster(clusterId, timeout) }), 30);
  fuzzTarget(() => ({ name: 'AKS getKubeconfig', template: credentials, schema: z.string(), call: () => aks().getKubeconfig(clusterId, 'user', timeout) }), 20);
  fuzzTarget(() => ({ name: 'AKS scaleAgentPool (a long-running operation)', template: agentPoolResource, schema: agentPool, call: () => aks().scaleAgentPool(clusterId, 'user', 4, { ...timeout, pollIntervalInMs: 10 }) }), 15);
  fuzzTarget(() => ({ name: 'AKS startCluster (a long-running operation)', template: managedCluster, schema: z.undefined(), call: () => aks().startCluster(clusterId, { ...timeout, pollIntervalInMs: 10 }) }), 15);
  fuzzTarget(() => ({ name: 'ACR getRegistry', template: acrRegistry, schema: registry, call: () => acr().getRegistry(registryId, timeout) }), 20);
  fuzzTarget(() => ({ name: 'ACR listReplications (paged)', template: replications, schema: z.array(replication), call: () => acr().listReplications(registryId, timeout) }), 20);
});

describe('ACR data-plane answers, to @azure/container-registry through the token exchange', () => {
  const loginServer = (): string => server.url.replace('https://', '');
  /** The SDK checks the refresh token is a JWT with an expiry (it never checks the signature). */
  const refreshToken = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}.c2ln`;
  /** A well-behaved challenge and token exchange, so the hostile answer reaches the tag lookup. */
  const challenge = (stage: 'exchange' | 'token' | 'final') => (request: IncomingMessage): HostileAnswer | undefined => {
    const path = request.url ?? '';
    if (path.startsWith('/oauth2/exchange')) return stage === 'exchange' ? undefined : { status: 200, headers: { 'content-type': 'application/json' }, body: { kind: 'text', text: JSON.stringify({ refresh_token: refreshToken }) } };
    if (path.startsWith('/oauth2/token')) return stage === 'token' ? undefined : { status: 200, headers: { 'content-type': 'application/json' }, body: { kind: 'text', text: '{"access_token":"fuzz-access"}' } };
    if (path.startsWith('/acr/') && stage !== 'final' && request.headers.authorization) return { status: 200, headers: { 'content-type': 'application/json' }, body: { kind: 'text', text: JSON.stringify(tagProperties) } };
    if (!request.headers.authorization) {
      return { status: 401, headers: { 'www-authenticate': `Bearer realm="${server.url}/oauth2/token",service="${loginServer()}",scope="repository:shop/frontend:pull"` }, body: { kind: 'text', text: '{"errors":[{"code":"UNAUTHORIZED"}]}' } };
    }
    return undefined;
  };
  for (const stage of ['final', 'exchange', 'token'] as const) {
    it(
      `findImage with the hostile answer at the ${stage} step: presence, absence or a clear AdapterError`,
      async () => {
        const template: Json = stage === 'final' ? tagProperties : stage === 'exchange' ? { refresh_token: refreshToken } : { access_token: 'fuzz-access' };
        server.preamble = challenge(stage);
        let reachedLookup = 0;
        try {
          await fc.assert(
            fc.asyncProperty(hostileAnswer(template, CAP), async (answer) => {
              server.answer = answer;
              // A fresh client each case: the token exchange is cached per client.
              const images = new RegistryImagesClient(connection);
              const result = await settle(() => images.findImage(loginServer(), 'shop/frontend', '1.4.2', { timeoutInMs: DEADLINE_MS }));
              expectClearOutcome(answer, result, imagePresence, false);
              if (result.outcome.ok) reachedLookup++;
              else if (JSON.stringify(answer) === JSON.stringify(validAnswer(template))) throw new Error(`the real exchange failed: ${String(result.outcome.error)}`);
            }),
            { ...fuzzParameters<[HostileAnswer]>(stage === 'final' ? 30 : 15), examples: [[validAnswer(template)]] },
          );
          // The valid answers (a share of every run) get through the exchange to a result: the
          // fuzzer is reaching the step it means to.
          expect(reachedLookup).toBeGreaterThan(0);
        } finally {
          server.preamble = undefined;
        }
      },
      fuzzTimeout(50, 400),
    );
  }
});

describe('Kubernetes and Velero answers, to client-node', () => {
  let connections: ClusterConnections;
  beforeAll(() => {
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: fuzz',
      '  cluster:',
      `    server: ${server.url}`,
      `    certificate-authority-data: ${Buffer.from(server.caPem).toString('base64')}`,
      'contexts:',
      '- name: fuzz',
      '  context: { cluster: fuzz, user: fuzz }',
      'current-context: fuzz',
      'users:',
      '- name: fuzz',
      '  user:',
      '    token: fuzz-token',
    ].join('\n');
    connections = new ClusterConnections({ staticKubeconfigs: { [clusterId]: 'fuzz.kubeconfig' }, readTextFile: () => Promise.resolve(kubeconfig), maxResponseBytes: CAP });
  });
  afterAll(async () => {
    await connections.close();
  });
  // The acting lane: no circuit breaker, so every case reaches the server.
  const kube = () => connections.acting().kubernetes(clusterId);
  const velero = () => connections.acting().velero(clusterId);
  const timeout = { timeoutInMs: DEADLINE_MS };
  const list = (items: Json[]): Json => ({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items });
  const nodeObject: Json = {
    metadata: { name: 'aks-user-1', labels: { 'kubernetes.azure.com/agentpool': 'user' } },
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] },
  };
  const deploymentObject: Json = {
    metadata: { name: 'frontend', namespace: 'shop' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'frontend' } }, template: { spec: { containers: [{ name: 'web', image: 'acrshop.azurecr.io/shop/frontend:1.4.2' }] } } },
    status: { availableReplicas: 3, readyReplicas: 3, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'ok' }] },
  };
  const backupObject: Json = {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: { name: 'shop-hourly-1', labels: { 'velero.io/schedule-name': 'shop-hourly', 'velero.io/storage-location': 'default' } },
    spec: { storageLocation: 'default' },
    status: { phase: 'Completed', startTimestamp: '2026-01-01T00:00:00Z', completionTimestamp: '2026-01-01T00:05:00Z' },
  };
  const restoreObject: Json = {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { name: 'aksdr-r1' },
    spec: { backupName: 'shop-hourly-1' },
    status: { phase: 'PartiallyFailed', errors: 1, warnings: 2, failureReason: 'x', validationErrors: ['a'], startTimestamp: '2026-01-01T00:00:00Z' },
  };
  const locationObject: Json = { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation', metadata: { name: 'default' }, status: { phase: 'Available', lastValidationTime: '2026-01-01T00:00:00Z', message: 'ok' } };

  fuzzTarget(() => ({ name: 'readyz', template: '[+]ping ok\n[-]etcd failed\nreadyz check failed', schema: readyz, call: () => kube().readyz(timeout) }), 20);
  fuzzTarget(() => ({ name: 'listNodes', template: list([nodeObject, nodeObject]), schema: z.array(node), call: () => kube().listNodes(timeout) }), 30);
  fuzzTarget(() => ({ name: 'getDeployments', template: list([deploymentObject]), schema: z.array(deployment), call: () => kube().getDeployments('shop', ['frontend'], timeout) }), 30);
  const scaleObject: Json = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'frontend', namespace: 'shop', resourceVersion: '7' }, spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=frontend' } };
  fuzzTarget(() => ({ name: 'scaleDeployment (read, then write)', template: scaleObject, schema: z.strictObject({ before: finite, after: finite }), call: () => kube().scaleDeployment('shop', 'frontend', 3, timeout) }), 20);
  fuzzTarget(() => ({ name: 'Velero listBackups', template: list([backupObject]), schema: z.array(backup), call: () => velero().listBackups({ schedule: 'shop-hourly' }, timeout) }), 25);
  fuzzTarget(() => ({ name: 'Velero getBackupStorageLocation', template: locationObject, schema: location, call: () => velero().getBackupStorageLocation('default', timeout) }), 15);
  fuzzTarget(() => ({ name: 'Velero getRestore', template: restoreObject, schema: restore, call: () => velero().getRestore('aksdr-r1', timeout) }), 20);
  fuzzTarget(() => ({ name: 'Velero listRestores', template: list([restoreObject]), schema: z.array(restore), call: () => velero().listRestores(timeout) }), 15);
  fuzzTarget(() => ({ name: 'Velero createRestore', template: restoreObject, schema: restore, call: () => velero().createRestore({ name: 'aksdr-r1', backupName: 'shop-hourly-1' }, timeout) }), 15);
});
