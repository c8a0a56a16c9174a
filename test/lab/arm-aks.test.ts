// Contract: AKS through the real ContainerServiceClient — cluster reads and kubeconfigs, agent-pool
// scaling and start/stop as long-running operations the SDK's poller drives to completion on the
// lab clock, AKS's validation, and a regional outage as ARM shows it.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigFor } from '../../src/lab/kubeconfig.js';
import { coreTypes } from '../../src/lab/world/kube-store.js';
import { findCluster, type ClusterState } from '../../src/lab/world/world.js';
import { armClients, restError } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
let aks: ContainerServiceClient;
let weu: ClusterState;
let neu: ClusterState;
beforeAll(async () => {
  lab = await startArmLab();
  aks = armClients(lab, { maxRetries: 0 }).aks;
  weu = findCluster(lab.ctx.world, 'westeurope') as ClusterState;
  neu = findCluster(lab.ctx.world, 'northeurope') as ClusterState;
});
afterAll(() => lab.close());
afterEach(() => lab.ctx.faults.heal());

const poll = { updateIntervalInMs: 10 };
const nodeCount = (cluster: ClusterState) => cluster.store.list(coreTypes.nodes).length;

/** Let the poller see the operation in progress a few times, then move the lab clock past it. */
async function finishOperationWhilePolling<T>(done: Promise<T>): Promise<T> {
  await sleep(60);
  lab.clock.advance(lab.ctx.timing.armOperationMs);
  return done;
}

describe('AKS managed clusters', () => {
  it('returns the cluster with the fields the service returns', async () => {
    const cluster = await aks.managedClusters.get('rg-aksdr-weu', 'aks-weu');
    expect(cluster).toMatchObject({
      id: weu.resourceId,
      name: 'aks-weu',
      location: 'westeurope',
      type: 'Microsoft.ContainerService/managedClusters',
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: '1.32.4',
      currentKubernetesVersion: '1.32.4',
      dnsPrefix: 'aks-weu-dns',
      nodeResourceGroup: 'MC_rg-aksdr-weu_aks-weu_westeurope',
      enableRbac: true,
    });
    expect(cluster.fqdn).toMatch(/^aks-weu-dns-[0-9a-f]{8}\.hcp\.westeurope\.azmk8s\.io$/);
    expect(cluster.agentPoolProfiles?.map((p) => [p.name, p.mode, p.count, p.provisioningState, p.powerState?.code])).toEqual([
      ['system', 'System', 2, 'Succeeded', 'Running'],
      ['user', 'User', 3, 'Succeeded', 'Running'],
    ]);
  });

  it('lists clusters by subscription and by resource group', async () => {
    const all = [];
    for await (const c of aks.managedClusters.list()) all.push(c.name);
    expect(all.sort()).toEqual(['aks-neu', 'aks-weu']);
    const inGroup = [];
    for await (const c of aks.managedClusters.listByResourceGroup('rg-aksdr-neu')) inGroup.push(c.name);
    expect(inGroup).toEqual(['aks-neu']);
  });

  it('answers an unknown cluster with 404 ResourceNotFound', async () => {
    const error = await restError(aks.managedClusters.get('rg-aksdr-weu', 'aks-nope'));
    expect([error.statusCode, error.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('returns the user and admin kubeconfigs, ignoring server-fqdn and format', async () => {
    const user = await aks.managedClusters.listClusterUserCredentials('rg-aksdr-weu', 'aks-weu', { serverFqdn: 'x.example', format: 'exec' });
    expect(user.kubeconfigs?.[0]?.name).toBe('clusterUser');
    const userYaml = Buffer.from(user.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8');
    expect(userYaml).toBe(kubeconfigFor(lab.ctx, weu, 'user'));
    const admin = await aks.managedClusters.listClusterAdminCredentials('rg-aksdr-weu', 'aks-weu');
    expect(admin.kubeconfigs?.[0]?.name).toBe('clusterAdmin');
    const parsed = parse(Buffer.from(admin.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString('utf8')) as { users: { user: { token: string } }[] };
    expect(parsed.users[0]?.user.token).toBe(weu.adminToken);
  });
});

describe('AKS agent pools', () => {
  it('lists and gets agent pools', async () => {
    const pools = [];
    for await (const p of aks.agentPools.list('rg-aksdr-neu', 'aks-neu')) pools.push([p.name, p.count]);
    expect(pools).toEqual([
      ['system', 2],
      ['user', 1],
    ]);
    const user = await aks.agentPools.get('rg-aksdr-neu', 'aks-neu', 'user');
    expect(user).toMatchObject({ id: `${neu.resourceId}/agentPools/user`, type: 'Microsoft.ContainerService/managedClusters/agentPools', mode: 'User', count: 1 });
  });

  it('scales a pool as an LRO: Scaling with the new count until the lab clock passes, then the nodes appear', async () => {
    const before = nodeCount(neu);
    const poller = aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', 'user', { count: 4, mode: 'User' }, poll);
    await poller.submitted();
    const during = await aks.agentPools.get('rg-aksdr-neu', 'aks-neu', 'user');
    expect([during.provisioningState, during.count]).toEqual(['Scaling', 4]);
    expect(nodeCount(neu)).toBe(before);

    let progressEvents = 0;
    poller.onProgress(() => void progressEvents++);
    const result = await finishOperationWhilePolling(poller.pollUntilDone());
    expect(progressEvents).toBeGreaterThan(1);
    expect(result).toMatchObject({ name: 'user', count: 4, provisioningState: 'Succeeded' });
    expect(nodeCount(neu)).toBe(before + 3);
    expect(neu.agentPools.find((p) => p.name === 'user')?.count).toBe(4);
  });

  it('refuses a second change while an operation runs on the cluster', async () => {
    const first = aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', 'user', { count: 2, mode: 'User' }, poll);
    await first.submitted();
    const second = await restError(aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', 'user', { count: 3, mode: 'User' }, poll).pollUntilDone());
    expect([second.statusCode, second.code]).toEqual([409, 'OperationNotAllowed']);
    await finishOperationWhilePolling(first.pollUntilDone());
  });

  it.each([
    ['a count above 1000', 'user', 1001],
    ['a negative count', 'user', -1],
    ['a System pool to 0', 'system', 0],
  ])('rejects scaling to %s with 400 InvalidParameter', async (_case, pool, count) => {
    const error = await restError(aks.agentPools.createOrUpdate('rg-aksdr-weu', 'aks-weu', pool, { count, mode: pool === 'system' ? 'System' : 'User' }, poll).pollUntilDone());
    expect([error.statusCode, error.code]).toEqual([400, 'InvalidParameter']);
    expect(error.message).toContain('agentPoolProfile.count');
  });

  it('scales a User pool to 0, removing its nodes', async () => {
    const result = await finishOperationWhilePolling(aks.agentPools.createOrUpdate('rg-aksdr-weu', 'aks-weu', 'user', { count: 0, mode: 'User' }, poll).pollUntilDone());
    expect(result.count).toBe(0);
    expect(weu.store.list(coreTypes.nodes).every((n) => n.metadata.labels?.['kubernetes.azure.com/agentpool'] === 'system')).toBe(true);
    await finishOperationWhilePolling(aks.agentPools.createOrUpdate('rg-aksdr-weu', 'aks-weu', 'user', { count: 3, mode: 'User' }, poll).pollUntilDone());
    expect(nodeCount(weu)).toBe(5);
  });
});

describe('AKS start and stop', () => {
  it('stops a cluster (nodes go away) and starts it again (nodes come back) through the SDK pollers', async () => {
    const stopping = aks.managedClusters.stop('rg-aksdr-neu', 'aks-neu', poll);
    await stopping.submitted();
    expect((await aks.managedClusters.get('rg-aksdr-neu', 'aks-neu')).provisioningState).toBe('Stopping');
    await finishOperationWhilePolling(stopping.pollUntilDone());
    const stopped = await aks.managedClusters.get('rg-aksdr-neu', 'aks-neu');
    expect([stopped.provisioningState, stopped.powerState?.code, stopped.agentPoolProfiles?.[0]?.powerState?.code]).toEqual(['Succeeded', 'Stopped', 'Stopped']);
    expect(nodeCount(neu)).toBe(0);

    await finishOperationWhilePolling(aks.managedClusters.start('rg-aksdr-neu', 'aks-neu', poll).pollUntilDone());
    expect((await aks.managedClusters.get('rg-aksdr-neu', 'aks-neu')).powerState?.code).toBe('Running');
    expect(nodeCount(neu)).toBe(neu.agentPools.reduce((sum, p) => sum + p.count, 0));
  });
});

describe('AKS during a regional outage', () => {
  it('fails requests for the down region with 504 GatewayTimeout and serves the other region', async () => {
    // reset: the resource provider's connection fails at once, and so does ARM's answer.
    lab.ctx.faults.inject('northeurope', 'region-down', { mode: 'reset' });
    const get = await restError(aks.managedClusters.get('rg-aksdr-neu', 'aks-neu'));
    expect([get.statusCode, get.code]).toEqual([504, 'GatewayTimeout']);
    const creds = await restError(aks.managedClusters.listClusterUserCredentials('rg-aksdr-neu', 'aks-neu'));
    expect(creds.statusCode).toBe(504);
    await expect(aks.managedClusters.get('rg-aksdr-weu', 'aks-weu')).resolves.toMatchObject({ name: 'aks-weu' });
    lab.ctx.faults.heal('northeurope');
    await expect(aks.managedClusters.get('rg-aksdr-neu', 'aks-neu')).resolves.toMatchObject({ name: 'aks-neu' });
  });

  it('blackholed (region-down’s default): ARM answers 504 only when its gateway timeout runs out; the other region at once', async () => {
    lab.ctx.timing.armGatewayTimeoutMs = 400;
    try {
      lab.ctx.faults.inject('northeurope', 'region-down');
      const started = performance.now();
      const get = await restError(aks.managedClusters.get('rg-aksdr-neu', 'aks-neu'));
      expect([get.statusCode, get.code]).toEqual([504, 'GatewayTimeout']);
      expect(performance.now() - started).toBeGreaterThanOrEqual(380);
      const other = performance.now();
      await expect(aks.managedClusters.get('rg-aksdr-weu', 'aks-weu')).resolves.toMatchObject({ name: 'aks-weu' });
      expect(performance.now() - other).toBeLessThan(380);
    } finally {
      lab.ctx.timing.armGatewayTimeoutMs = 60_000;
      lab.ctx.faults.heal();
    }
  });
});
