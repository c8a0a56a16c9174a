// Contract: AKS agent pools as ARM serves them — PUT is a full replace (what is left out takes its
// default), the autoscaler settings are checked and honoured, provisioningState moves through
// AKS's states, and the long-running operations fail with AKS's error shapes under the AKS faults.
// Operation status documents have the shape of ARM's asynchronous-operation contract.
import type { AgentPool, ContainerServiceClient } from '@azure/arm-containerservice';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findCluster, type ClusterState } from '../../src/lab/world/world.js';
import { operationStatusReference } from '../fixtures/azure/operation-status.js';
import { compareShape } from './conformance/shape.js';
import { armClients, armToken, rawRequest, restError } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
let aks: ContainerServiceClient;
let neu: ClusterState;
beforeAll(async () => {
  lab = await startArmLab();
  aks = armClients(lab, { maxRetries: 0 }).aks;
  neu = findCluster(lab.ctx.world, 'northeurope') as ClusterState;
});
afterAll(() => lab.close());
afterEach(() => {
  lab.ctx.faults.heal();
  lab.clock.advance(lab.ctx.timing.armOperationMs);
});

const poll = { updateIntervalInMs: 5 };

/** PUT the pool, move the lab clock past the operation, and return what the poller ends with. */
async function put(pool: string, body: AgentPool): Promise<AgentPool> {
  const poller = aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', pool, body, poll);
  await poller.submitted();
  lab.clock.advance(lab.ctx.timing.armOperationMs);
  return poller.pollUntilDone();
}

describe('agent-pool PUT is a full replace', () => {
  it('drops labels, taints and the autoscaler a later PUT leaves out, and keeps what AKS cannot change', async () => {
    const labelled = await put('user', { mode: 'User', count: 2, nodeLabels: { tier: 'web' }, nodeTaints: ['dedicated=web:NoSchedule'], enableAutoScaling: true, minCount: 1, maxCount: 4, tags: { team: 'shop' } });
    expect(labelled).toMatchObject({ count: 2, nodeLabels: { tier: 'web' }, nodeTaints: ['dedicated=web:NoSchedule'], enableAutoScaling: true, minCount: 1, maxCount: 4, tags: { team: 'shop' } });
    const replaced = await put('user', { mode: 'User', count: 2 });
    expect(replaced).toMatchObject({ count: 2, enableAutoScaling: false, vmSize: 'Standard_D8ds_v5', availabilityZones: ['1', '2', '3'] });
    expect([replaced.nodeLabels, replaced.nodeTaints, replaced.minCount, replaced.maxCount, replaced.tags]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('asks for 1 node when the PUT leaves the count out, as AKS defaults it', async () => {
    expect((await put('user', { mode: 'User' })).count).toBe(1);
  });

  it('refuses a change to a property AKS cannot change on an existing pool', async () => {
    const error = await restError(aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', 'user', { mode: 'User', count: 1, osDiskSizeGB: 256 }, poll).pollUntilDone());
    expect([error.statusCode, error.code]).toEqual([400, 'PropertyChangeNotAllowed']);
  });
});

describe('the cluster autoscaler settings', () => {
  it('move the pool into [minCount, maxCount] when the count is outside it', async () => {
    const raised = await put('user', { mode: 'User', count: 1, enableAutoScaling: true, minCount: 3, maxCount: 6 });
    expect([raised.count, raised.minCount, raised.maxCount]).toEqual([3, 3, 6]);
    expect(neu.agentPools.find((p) => p.name === 'user')?.count).toBe(3);
    await put('user', { mode: 'User', count: 1 });
  });

  it.each([
    ['enableAutoScaling without minCount', { enableAutoScaling: true, maxCount: 3 }, 'minCount'],
    ['maxCount below minCount', { enableAutoScaling: true, minCount: 4, maxCount: 2 }, 'maxCount'],
    ['bounds without enableAutoScaling', { minCount: 1, maxCount: 3 }, 'minCount'],
  ])('refuse %s with 400 InvalidParameter naming the field', async (_case, settings, field) => {
    const error = await restError(aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', 'user', { mode: 'User', count: 1, ...settings }, poll).pollUntilDone());
    expect([error.statusCode, error.code]).toEqual([400, 'InvalidParameter']);
    expect(error.message).toContain(`agentPoolProfile.${field}`);
  });
});

describe('long-running operations that fail as AKS fails them', () => {
  it.each([
    ['aks-quota-exceeded', 'QuotaExceeded'],
    ['aks-allocation-failed', 'AllocationFailed'],
  ] as const)('%s: a scale-up is accepted, then its operation fails with %s and the pool is Failed at its old size', async (fault, code) => {
    lab.ctx.faults.inject('northeurope', fault, { count: 1 });
    const poller = aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', 'user', { mode: 'User', count: 5 }, poll);
    await poller.submitted();
    lab.clock.advance(lab.ctx.timing.armOperationMs);
    // core-lro reports a failed operation as an Error naming the status document's error code.
    await expect(poller.pollUntilDone()).rejects.toThrow(`The long-running operation has failed. ${code}. `);
    const pool = await aks.agentPools.get('rg-aksdr-neu', 'aks-neu', 'user');
    expect([pool.provisioningState, pool.count]).toEqual(['Failed', 1]);
    expect((await put('user', { mode: 'User', count: 1 })).provisioningState).toBe('Succeeded');
  });

  it('aks-operation-in-progress: a write is refused at once with 409 OperationNotAllowed', async () => {
    lab.ctx.faults.inject('northeurope', 'aks-operation-in-progress');
    const error = await restError(aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', 'user', { mode: 'User', count: 2 }, poll).pollUntilDone());
    expect([error.statusCode, error.code]).toEqual([409, 'OperationNotAllowed']);
    expect(error.message).toContain("in progress upgrade node image version operation on managed cluster 'aks-neu'");
  });
});

describe('operation status documents', () => {
  async function statusOf(url: string): Promise<unknown> {
    return (await rawRequest(lab, url, { headers: { authorization: `Bearer ${await armToken(lab)}` } })).body;
  }

  it('have the shape of ARM asynchronous-operation status while running, on success and on failure', async () => {
    const start = async (count: number) => {
      const put = await rawRequest(lab, `${lab.ctx.urls.arm}${neu.resourceId}/agentPools/user?api-version=2026-06-01`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${await armToken(lab)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { mode: 'User', count } }),
      });
      return String(put.headers['azure-asyncoperation']);
    };
    const url = await start(2);
    expect(compareShape(operationStatusReference.inProgress, await statusOf(url))).toEqual([]);
    lab.clock.advance(lab.ctx.timing.armOperationMs);
    expect(compareShape(operationStatusReference.succeeded, await statusOf(url))).toEqual([]);

    lab.ctx.faults.inject('northeurope', 'aks-quota-exceeded', { count: 1 });
    // Quota only stops a pool from growing.
    const failing = await start(4);
    lab.clock.advance(lab.ctx.timing.armOperationMs);
    const failed = await statusOf(failing);
    expect(compareShape(operationStatusReference.failed, failed), JSON.stringify(failed)).toEqual([]);
    expect(failed).toMatchObject({ status: 'Failed', error: { code: 'QuotaExceeded' } });
  });
});

describe('starting a cluster under a capacity fault', () => {
  it('accepts the start, then fails its operation with AllocationFailed and leaves the cluster Failed and stopped', async () => {
    await finish(aks.managedClusters.stop('rg-aksdr-neu', 'aks-neu', poll));
    lab.ctx.faults.inject('northeurope', 'aks-allocation-failed', { count: 1 });
    await expect(finish(aks.managedClusters.start('rg-aksdr-neu', 'aks-neu', poll))).rejects.toThrow('The long-running operation has failed. AllocationFailed. ');
    const cluster = await aks.managedClusters.get('rg-aksdr-neu', 'aks-neu');
    expect([cluster.provisioningState, cluster.powerState?.code]).toEqual(['Failed', 'Stopped']);
    await finish(aks.managedClusters.start('rg-aksdr-neu', 'aks-neu', poll));
    expect((await aks.managedClusters.get('rg-aksdr-neu', 'aks-neu')).powerState?.code).toBe('Running');
  });
});

/** Submit, move the lab clock past the operation, and poll to the end. */
async function finish<T>(poller: { submitted(): Promise<void>; pollUntilDone(): Promise<T> }): Promise<T> {
  await poller.submitted();
  lab.clock.advance(lab.ctx.timing.armOperationMs);
  return poller.pollUntilDone();
}
