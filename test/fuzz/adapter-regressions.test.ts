// Regression tests for what the adapter fuzzer found, one case each, at the product's defaults:
// - no size cap anywhere: a body that never ends was read until the deadline (gigabytes at loopback
//   speed), a huge one read whole — now 8 MiB per answer, then a clear error, for ARM, the ACR data
//   plane and Kubernetes;
// - Kubernetes answers were counted before fetch decompressed them: a gzip bomb slipped past;
// - wrong-typed fields reached the core as values of the port's types (a weight of "abc", a node
//   name that is a list, a cluster without a location);
// - the ACR token exchange did not carry the call's deadline (and retried with the SDK's defaults).
import type { TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AksClient } from '../../src/azure/aks-client.js';
import type { ArmConnection } from '../../src/azure/arm-connection.js';
import { RegistryImagesClient } from '../../src/azure/registry-images-client.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/azure/response-size-cap.js';
import { TrafficManagerClient } from '../../src/azure/traffic-manager-client.js';
import { isAdapterError, type AdapterError } from '../../src/core/ports/adapter-error.js';
import { ClusterConnections } from '../../src/kube/cluster-connections.js';
import { startHostileServer, type HostileAnswer, type HostileServer } from './support/hostile-server.js';

const SUB = '00000000-0000-0000-0000-00000000f022';
const profileId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/trafficManagerProfiles/tm-shop`;
const clusterId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-weu`;
const staticToken: TokenCredential = { getToken: () => Promise.resolve({ token: 'fuzz-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const json = (body: unknown, status = 200): HostileAnswer => ({ status, headers: { 'content-type': 'application/json' }, body: { kind: 'text', text: JSON.stringify(body) } });

let server: HostileServer;
let connection: ArmConnection;
let connections: ClusterConnections;
beforeAll(async () => {
  server = await startHostileServer();
  // The product's defaults: no maxResponseBytes given, the SDK's retries off to keep the test short.
  connection = {
    environment: { cloud: 'custom', armEndpoint: server.url, authorityHost: server.url, armAudience: 'https://management.azure.com/.default', caPem: server.caPem },
    credential: staticToken,
    retryOptions: { maxRetries: 0 },
  };
  const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: "${server.url}", certificate-authority-data: ${Buffer.from(server.caPem).toString('base64')} }
contexts:
- name: c
  context: { cluster: c, user: u }
current-context: c
users:
- name: u
  user: { token: t }
`;
  connections = new ClusterConnections({ staticKubeconfigs: { [clusterId]: 'k' }, readTextFile: () => Promise.resolve(kubeconfig) });
}, 60_000);
afterAll(async () => {
  await connections.close();
  await server.close();
});

async function failure(call: Promise<unknown>): Promise<AdapterError> {
  const error: unknown = await call.then(
    (value: unknown) => new Error(`resolved with ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
  if (!isAdapterError(error)) throw new Error(`expected an AdapterError, got ${String(error)}`);
  return error;
}

/** Runs `call` against an endless body: it must end at the cap, quickly, with memory to spare. */
async function expectCapped(call: () => Promise<unknown>): Promise<void> {
  server.answer = { status: 200, headers: { 'content-type': 'application/json' }, body: { kind: 'endless-fast' } };
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const error = await failure(call());
  expect(error.message).toContain(`larger than ${DEFAULT_MAX_RESPONSE_BYTES} bytes (the response size cap)`);
  // The deadline is 20 s; the cap ends it after 8 MiB. Unbounded, this read gigabytes.
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
}

describe('the response size cap, at its default of 8 MiB', () => {
  it('stops an ARM answer that never ends (Traffic Manager)', async () => {
    await expectCapped(() => new TrafficManagerClient(connection).getProfile(profileId, { timeoutInMs: 20_000 }));
  }, 30_000);

  it('stops an ARM answer that declares a huge length before reading it (AKS)', async () => {
    server.answer = { status: 200, headers: { 'content-type': 'application/json' }, body: { kind: 'huge', bytes: DEFAULT_MAX_RESPONSE_BYTES + 1, declareLength: true } };
    expect((await failure(new AksClient(connection).getCluster(clusterId, { timeoutInMs: 20_000 }))).message).toContain('response size cap');
  }, 30_000);

  it('stops a Kubernetes answer that never ends (client-node and the /readyz fetch)', async () => {
    await expectCapped(() => connections.acting().kubernetes(clusterId).listNodes({ timeoutInMs: 20_000 }));
    await expectCapped(() => connections.acting().kubernetes(clusterId).readyz({ timeoutInMs: 20_000 }));
  }, 60_000);

  it('refuses a compressed Kubernetes answer (a gzip bomb: 64 KiB that inflate to 64 MiB)', async () => {
    server.answer = { status: 200, headers: { 'content-type': 'application/json' }, body: { kind: 'gzip-bomb', bytes: 64 * 1024 * 1024 } };
    const error = await failure(connections.acting().velero(clusterId).listBackups({}, { timeoutInMs: 20_000 }));
    expect(error.message).toContain('compressed (gzip)');
  }, 30_000);
});

describe('wrong-typed fields are malformed answers, naming the field', () => {
  it('a Traffic Manager weight that is a string', async () => {
    server.answer = json({ id: profileId, name: 'tm', properties: { endpoints: [{ name: 'weu', type: 'Microsoft.Network/trafficManagerProfiles/externalEndpoints', properties: { weight: 'abc' } }] } });
    const error = await failure(new TrafficManagerClient(connection).getProfile(profileId));
    expect(error.message).toBe('getProfile: the answer is malformed: endpoints[0].weight is the string "abc", expected a number');
  });

  it('a cluster whose location is a number', async () => {
    server.answer = json({ id: clusterId, name: 'aks', location: 7, properties: {} });
    expect((await failure(new AksClient(connection).getCluster(clusterId))).message).toContain('location is number 7, expected a string');
  });

  it('a node whose name is a list', async () => {
    server.answer = json({ kind: 'NodeList', items: [{ metadata: { name: [] } }] });
    expect((await failure(connections.acting().kubernetes(clusterId).listNodes())).message).toContain('metadata.name is a list, expected a string');
  });

  it('a list whose items are not a list', async () => {
    server.answer = json({ kind: 'RestoreList', items: 'nope' });
    expect((await failure(connections.acting().velero(clusterId).listRestores())).message).toContain('items is the string "nope", expected a list');
  });
});

describe('the ACR token exchange', () => {
  it('keeps the call deadline when the token exchange never answers (it used to wait without end)', async () => {
    const loginServer = server.url.replace('https://', '');
    server.preamble = (request) =>
      request.headers.authorization || request.url?.startsWith('/oauth2/')
        ? undefined
        : { status: 401, headers: { 'www-authenticate': `Bearer realm="${server.url}/oauth2/token",service="${loginServer}",scope="repository:shop/frontend:pull"` }, body: { kind: 'text', text: '{}' } };
    server.answer = { status: 200, headers: {}, body: { kind: 'no-answer' } };
    try {
      const started = performance.now();
      const error = await failure(new RegistryImagesClient({ ...connection, retryOptions: {} }).findImage(loginServer, 'shop/frontend', '1.4.2', { timeoutInMs: 1_000 }));
      expect(error.code).toBe('Timeout');
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      server.preamble = undefined;
    }
  }, 30_000);
});
