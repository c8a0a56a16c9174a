// The port contracts against the real adapters (real SDK clients, DefaultAzureCredential, client-node)
// talking to the lab over TLS — plus what only the real adapters do: SDK retries after Retry-After,
// request accounting, backing off a struggling API server, refreshing credentials after a 401.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { aksServerScope } from '../../src/config/credentials.js';
import { ClusterConnections } from '../../src/kube/cluster-connections.js';
import { isAdapterError } from '../../src/core/ports/adapter-error.js';
import type { LabClusterInfo } from '../../src/lab/lab-files.js';
import { acrContract } from './contracts/acr.contract.js';
import { aksContract } from './contracts/aks.contract.js';
import { kubernetesContract } from './contracts/kubernetes.contract.js';
import { trafficManagerContract } from './contracts/traffic-manager.contract.js';
import { veleroContract } from './contracts/velero.contract.js';
import { breakerHalfOpenAfterInMs, labTiming, requestCount, sleep, startLabAdapters, type LabAdapters } from './fixtures/lab-adapters.js';

let world: LabAdapters;
beforeAll(async () => {
  world = await startLabAdapters();
});
afterAll(async () => {
  await world?.close();
});

const missing = (id: string): string => id.replace(/\/[^/]+$/, '/does-not-exist');
const primary = 'westeurope';
const secondary = 'northeurope';
function cluster(region: string): LabClusterInfo {
  const found = world.lab.info.clusters[region];
  if (!found) throw new Error(`the lab has no cluster in ${region}`);
  return found;
}
async function healAndWait(region?: string): Promise<void> {
  world.lab.heal(region);
  // Let the API server breaker half-open again.
  await sleep(breakerHalfOpenAfterInMs + 50);
}

describe('TrafficManagerClient on the lab honours the TrafficManagerPort contract', () => {
  trafficManagerContract(() => {
    const { profileId, endpoints } = world.lab.info.trafficManager;
    const endpointId = endpoints[secondary] ?? '';
    return { port: world.trafficManager, profileId, endpoint: { type: 'ExternalEndpoints', name: endpointId.split('/').pop() ?? '' }, missingProfileId: missing(profileId) };
  });
});

describe('AksClient on the lab honours the AksPort contract', () => {
  aksContract(() => {
    const { resourceId, name } = cluster(secondary);
    return {
      port: world.aks,
      clusterId: resourceId,
      missingClusterId: missing(resourceId),
      pool: 'user',
      pollIntervalInMs: 50,
      stopCluster: () => {
        const state = world.lab.ctx.world.clusters.find((c) => c.name === name);
        if (state) state.powerState = 'Stopped';
      },
    };
  });
});

describe("TrafficManagerClient reads the profile's DNS and monitor settings", () => {
  it("gives the TTL and how long the profile's own monitor takes to see a dead endpoint", async () => {
    const profile = await world.trafficManager.getProfile(world.lab.info.trafficManager.profileId);
    // The lab profile: dnsConfig.ttl 30; monitorConfig 10 s interval, 5 s timeout, 1 tolerated failure.
    expect(profile).toMatchObject({ ttlInSeconds: 30, monitorLagSeconds: (1 + 1) * 10 + 5 });
  });
});

describe('AcrClient on the lab honours the AcrPort contract', () => {
  acrContract(() => ({
    port: world.acr,
    registryId: world.lab.info.registry.resourceId,
    missingRegistryId: missing(world.lab.info.registry.resourceId),
    regions: Object.keys(world.lab.info.clusters),
    degradeReplica: (region) => {
      world.lab.inject(region, 'acr-replica-degraded');
    },
    heal: () => {
      world.lab.heal();
    },
  }));
});

describe('KubernetesClient on the lab (kubeconfig through AksPort) honours the KubernetesPort contract', () => {
  kubernetesContract(() => ({
    port: world.connections.kubernetes(cluster(primary).resourceId),
    namespace: world.lab.info.appNamespace,
    deployments: world.lab.info.deployments,
    apiServerDown: () => {
      world.lab.inject(primary, 'apiserver-down');
    },
    apiServerSlow: (latencyMs) => {
      world.lab.inject(primary, 'apiserver-slow', { latencyMs });
    },
    nodesNotReady: () => {
      world.lab.inject(primary, 'nodes-notready');
    },
    heal: () => healAndWait(primary),
  }));
});

describe('VeleroClient on the lab honours the VeleroPort contract', () => {
  let counter = 0;
  veleroContract(() => ({
    port: world.connections.velero(cluster(secondary).resourceId),
    schedule: world.lab.info.backupSchedule,
    namespace: world.lab.info.appNamespace,
    // Velero timestamps have whole seconds, so the lab's phases last up to one step; polling at a
    // tenth of a step sees each of them.
    progress: async () => {
      await sleep(labTiming.restoreStepMs / 10);
      world.lab.tick();
    },
    failRestores: () => {
      world.lab.inject(secondary, 'restore-fails');
    },
    heal: () => healAndWait(secondary),
    uniqueName: (prefix) => `contract-${prefix}-${Date.now().toString(36)}-${++counter}`,
  }));
});

describe('the real adapters on the lab', () => {
  it('let the SDK retry a throttled ARM call after Retry-After, and count every attempt', async () => {
    const { profileId } = world.lab.info.trafficManager;
    const labels = { target: 'arm', operation: 'GET trafficmanagerprofiles' };
    const throttledBefore = await requestCount(world.metrics, { ...labels, outcome: 'throttled' });
    const okBefore = await requestCount(world.metrics, { ...labels, outcome: 'success' });
    world.lab.inject('*', 'arm-throttle', { count: 2, retryAfterSeconds: 1, method: 'GET', pathContains: 'trafficmanagerprofiles' });
    const started = performance.now();
    const profile = await world.trafficManager.getProfile(profileId);
    expect(profile.endpoints.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(await requestCount(world.metrics, { ...labels, outcome: 'throttled' })).toBe(throttledBefore + 2);
    expect(await requestCount(world.metrics, { ...labels, outcome: 'success' })).toBe(okBefore + 1);
  });

  it('counts Kubernetes requests per cluster and operation', async () => {
    const { resourceId, name } = cluster(secondary);
    const labels = { target: 'kubernetes', cluster: name, operation: 'listNodes', outcome: 'success' };
    const before = await requestCount(world.metrics, labels);
    await world.connections.kubernetes(resourceId).listNodes();
    await world.connections.kubernetes(resourceId).listNodes();
    expect(await requestCount(world.metrics, labels)).toBe(before + 2);
  });

  it('leaves an API server alone after it failed: the next calls fail fast without a request', async () => {
    const { resourceId, name } = cluster(secondary);
    const port = world.connections.kubernetes(resourceId);
    await port.readyz();
    world.lab.inject(secondary, 'apiserver-slow', { latencyMs: 5_000 });
    try {
      await expect(port.readyz({ timeoutInMs: 200 })).rejects.toMatchObject({ code: 'Timeout' });
      const sent = await requestCount(world.metrics, { target: 'kubernetes', cluster: name });
      const error: unknown = await port.listNodes().catch((e: unknown) => e);
      expect(isAdapterError(error) && { code: error.code, circuitOpen: error.circuitOpen }).toEqual({ code: 'Unavailable', circuitOpen: true });
      expect(await requestCount(world.metrics, { target: 'kubernetes', cluster: name })).toBe(sent);
    } finally {
      await healAndWait(secondary);
    }
    expect((await port.listNodes()).length).toBeGreaterThan(0);
  });

  it('fetches a fresh kubeconfig after the API server rejects the cached credentials (401)', async () => {
    const { resourceId, name } = cluster(secondary);
    const port = world.connections.kubernetes(resourceId);
    await port.readyz();
    const state = world.lab.ctx.world.clusters.find((c) => c.name === name);
    if (!state) throw new Error('no cluster state');
    state.userToken = `rotated-${Date.now()}`;
    expect((await port.listNodes()).length).toBeGreaterThan(0);
    expect(await requestCount(world.metrics, { target: 'kubernetes', cluster: name, operation: 'listNodes', outcome: 'unauthorized' })).toBeGreaterThanOrEqual(1);
  });

  it('never puts a token into an error message', async () => {
    const error: unknown = await world.aks.getCluster(missing(cluster(primary).resourceId)).catch((e: unknown) => e);
    expect(isAdapterError(error)).toBe(true);
    const text = JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack, cause: String((error as Error).cause) });
    expect(text).not.toMatch(/eyJ[\w-]{10,}\./);
    expect(text).not.toMatch(/Bearer [\w-]{10,}/);
  });

  it('signs in to an Entra ID cluster with a token from our credential instead of running kubelogin', async () => {
    const { resourceId, name, kubeconfig } = cluster(primary);
    const state = world.lab.ctx.world.clusters.find((c) => c.name === name);
    if (!state) throw new Error('no cluster state');
    // The user kubeconfig AKS hands out for an Entra ID cluster: an exec plugin, no token.
    const config = parse(await readFile(kubeconfig, 'utf8')) as { users: { name: string; user: unknown }[] };
    for (const user of config.users) {
      user.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin', args: ['get-token', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630'] } };
    }
    const entraKubeconfig = path.join(world.lab.info.dir, 'kubeconfig-entra.yaml');
    await writeFile(entraKubeconfig, stringify(config));
    const scopes: string[] = [];
    const credential: TokenCredential = {
      getToken: (scope) => {
        scopes.push(...[scope].flat());
        return Promise.resolve({ token: state.userToken, expiresOnTimestamp: Date.now() + 3600_000 });
      },
    };
    const connections = new ClusterConnections({ staticKubeconfigs: { [resourceId]: entraKubeconfig }, credential });
    try {
      const port = connections.kubernetes(resourceId);
      expect(await port.readyz()).toMatchObject({ ok: true });
      expect((await port.listNodes()).length).toBeGreaterThan(0);
      expect(scopes).toEqual([aksServerScope]);
    } finally {
      await connections.close();
    }
  });
});
