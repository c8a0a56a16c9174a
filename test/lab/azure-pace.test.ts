// Azure's pace, compressible: the durations of the `azure` pace divided by one time scale, an
// agent-pool scale-out whose nodes register NotReady and boot, Deployments whose pods need Ready
// nodes with room and time to start, and an app endpoint that answers from its workloads. All on
// the lab's manual clock.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppHandler } from '../../src/lab/app-handler.js';
import { defaultTiming } from '../../src/lab/context.js';
import { advanceNodeBoot } from '../../src/lab/kube/node-lifecycle.js';
import { azureDurations, timingFor } from '../../src/lab/pace.js';
import { coreTypes, type KubeObject } from '../../src/lab/world/kube-store.js';
import { findCluster, reconcileNodes, type ClusterState } from '../../src/lab/world/world.js';
import { armClients } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';
import { startKubeLab, type KubeLab } from './fixtures/kube-fixture.js';
import { rawRequest } from './fixtures/kube-http.js';

let armLab: ArmLab | undefined;
let kubeLab: KubeLab | undefined;
afterEach(async () => {
  await armLab?.close();
  await kubeLab?.close();
  armLab = kubeLab = undefined;
});

describe('pace and time scale', () => {
  it('azure pace takes Azure’s durations and divides every one of them, the cron and the monitor by the time scale', () => {
    const timing = timingFor({ pace: 'azure', timeScale: 10 });
    expect(timing).toMatchObject({
      pace: 'azure',
      timeScale: 10,
      armOperationMs: azureDurations.agentPoolScaleMs / 10,
      clusterStartMs: azureDurations.clusterStartMs / 10,
      nodeBootMs: azureDurations.nodeBootMs / 10,
      podStartMs: azureDurations.podStartMs / 10,
      restoreStepMs: azureDurations.restoreBaseMs / 10,
      restorePerItemMs: azureDurations.restorePerItemMs / 10,
      restorePerGiBMs: azureDurations.restorePerGiBMs / 10,
      backupDurationMs: azureDurations.backupDurationMs / 10,
      monitorTimeScale: 10,
    });
  });

  it('fast pace at scale 1 is the near-instant world the unit tests were written for, and a test may still set one duration', () => {
    expect(timingFor({})).toEqual(defaultTiming);
    expect(timingFor({ pace: 'azure' }, { podStartMs: 0 }).podStartMs).toBe(0);
    expect(() => timingFor({ timeScale: 0 })).toThrow(RangeError);
  });
});

function nodesOf(cluster: ClusterState): KubeObject[] {
  return cluster.store.list(coreTypes.nodes);
}
function readyOf(node: KubeObject): { status: unknown; reason: unknown } {
  const ready = (node.status?.conditions as Record<string, unknown>[]).find((c) => c.type === 'Ready');
  return { status: ready?.status, reason: ready?.reason };
}

describe('an agent-pool scale-out at azure pace ÷ 10', () => {
  const scale = 10;
  const opMs = azureDurations.agentPoolScaleMs / scale;
  const bootMs = azureDurations.nodeBootMs / scale;
  let aks: ContainerServiceClient;

  async function aLab(): Promise<{ lab: ArmLab; neu: ClusterState }> {
    armLab = await startArmLab({ ...timingFor({ pace: 'azure', timeScale: scale }), lroRetryAfterSeconds: 0 });
    aks = armClients(armLab, { maxRetries: 0 }).aks;
    return { lab: armLab, neu: findCluster(armLab.ctx.world, 'northeurope') as ClusterState };
  }

  it('runs the operation for the scale-out time, then the new nodes register NotReady and turn Ready after the boot time', async () => {
    const { lab, neu } = await aLab();
    const poller = aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', 'user', { mode: 'User', count: 3 }, { updateIntervalInMs: 5 });
    await poller.submitted();
    lab.clock.advance(opMs - 1);
    expect((await aks.agentPools.get('rg-aksdr-neu', 'aks-neu', 'user')).provisioningState).toBe('Scaling');
    expect(nodesOf(neu)).toHaveLength(3);

    lab.clock.advance(1);
    expect((await poller.pollUntilDone()).provisioningState).toBe('Succeeded');
    const fresh = nodesOf(neu).filter((n) => readyOf(n).status === 'False');
    expect(fresh).toHaveLength(2);
    expect(fresh.map(readyOf)).toEqual([{ status: 'False', reason: 'KubeletNotReady' }, { status: 'False', reason: 'KubeletNotReady' }]);
    expect(fresh[0]?.spec?.taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: expect.any(String) as unknown }]);

    lab.clock.advance(bootMs - 1);
    advanceNodeBoot(lab.ctx);
    expect(nodesOf(neu).filter((n) => readyOf(n).status === 'True')).toHaveLength(3);
    lab.clock.advance(1);
    advanceNodeBoot(lab.ctx);
    expect(nodesOf(neu).map((n) => readyOf(n).status)).toEqual(['True', 'True', 'True', 'True', 'True']);
    expect(nodesOf(neu).every((n) => n.spec?.taints === undefined)).toBe(true);
  });

  it('aks-quota-exceeded: the scale-up is accepted, and its operation fails with QuotaExceeded when it ends, no node added', async () => {
    const { lab, neu } = await aLab();
    lab.ctx.faults.inject('northeurope', 'aks-quota-exceeded', { count: 1 });
    const poller = aks.agentPools.createOrUpdate('rg-aksdr-neu', 'aks-neu', 'user', { mode: 'User', count: 4 }, { updateIntervalInMs: 5 });
    await poller.submitted();
    lab.clock.advance(opMs);
    await expect(poller.pollUntilDone()).rejects.toThrow('The long-running operation has failed. QuotaExceeded. ');
    expect(nodesOf(neu)).toHaveLength(3);
  });
});

/** JSON-patch a Deployment through the API server. */
async function patchDeployment(lab: KubeLab, cluster: ClusterState, name: string, operations: unknown[]): Promise<void> {
  const response = await rawRequest(lab, cluster, `/apis/apps/v1/namespaces/shop/deployments/${name}`, { method: 'PATCH', body: JSON.stringify(operations), headers: { 'content-type': 'application/json-patch+json' } });
  if (response.status !== 200) throw new Error(`${response.status} ${response.text}`);
}

async function readDeployment(lab: KubeLab, cluster: ClusterState, name: string): Promise<KubeObject> {
  return (await rawRequest(lab, cluster, `/apis/apps/v1/namespaces/shop/deployments/${name}`)).json() as KubeObject;
}

function availability(deployment: KubeObject): { available: unknown; unavailable: unknown; Available: unknown; Progressing: unknown } {
  const conditions = (deployment.status?.conditions ?? []) as Record<string, unknown>[];
  const reason = (type: string): unknown => conditions.find((c) => c.type === type)?.reason;
  return { available: deployment.status?.availableReplicas, unavailable: deployment.status?.unavailableReplicas, Available: reason('Available'), Progressing: reason('Progressing') };
}

describe('workloads at azure pace', () => {
  const podStartMs = azureDurations.podStartMs;
  const bootMs = azureDurations.nodeBootMs;

  it('the seeded world is running: every replica available from the start', async () => {
    kubeLab = await startKubeLab({ pace: { pace: 'azure' } });
    kubeLab.advance(0);
    expect(availability(await readDeployment(kubeLab, kubeLab.primary, 'frontend'))).toEqual({ available: 3, unavailable: undefined, Available: 'MinimumReplicasAvailable', Progressing: 'NewReplicaSetAvailable' });
  });

  it('pods wait for room: replicas without it stay unavailable (MinimumReplicasUnavailable) until new nodes boot and their pods start', async () => {
    const lab = (kubeLab = await startKubeLab({ pace: { pace: 'azure' } }));
    const { secondary } = lab;
    // 40 pods of one CPU on the warm standby: 2 × D4ds_v5 (3.86 CPU allocatable: 3 pods each) and
    // 1 × D8ds_v5 (7.82: 7 pods) hold 13 of them.
    await patchDeployment(lab, secondary, 'cart', [
      { op: 'replace', path: '/spec/replicas', value: 40 },
      { op: 'add', path: '/spec/template/spec/containers/0/resources', value: { requests: { cpu: '1' } } },
    ]);
    lab.advance(0);
    expect(availability(await readDeployment(lab, secondary, 'cart'))).toEqual({ available: undefined, unavailable: 40, Available: 'MinimumReplicasUnavailable', Progressing: 'ReplicaSetUpdated' });
    lab.advance(podStartMs - 1);
    expect((await readDeployment(lab, secondary, 'cart')).status?.availableReplicas).toBeUndefined();
    lab.advance(1);
    expect(availability(await readDeployment(lab, secondary, 'cart'))).toEqual({ available: 13, unavailable: 27, Available: 'MinimumReplicasUnavailable', Progressing: 'ReplicaSetUpdated' });

    // Four more D8ds_v5 nodes (28 pods of room): NotReady while they boot, then the Pending pods start.
    const pool = secondary.agentPools.find((p) => p.mode === 'User');
    if (!pool) throw new Error('no user pool');
    pool.count = 5;
    reconcileNodes(secondary, () => lab.clock.now(), lab.ctx.timing.nodeBootMs);
    lab.advance(bootMs + podStartMs - 1);
    expect((await readDeployment(lab, secondary, 'cart')).status?.availableReplicas).toBe(13);
    lab.advance(1);
    expect(availability(await readDeployment(lab, secondary, 'cart'))).toEqual({ available: 40, unavailable: undefined, Available: 'MinimumReplicasAvailable', Progressing: 'NewReplicaSetAvailable' });
  });

  it('a rollout that cannot finish reports ProgressDeadlineExceeded after progressDeadlineSeconds', async () => {
    const lab = (kubeLab = await startKubeLab({ pace: { pace: 'azure' } }));
    await patchDeployment(lab, lab.secondary, 'cart', [
      { op: 'replace', path: '/spec/replicas', value: 40 },
      { op: 'add', path: '/spec/template/spec/containers/0/resources', value: { requests: { cpu: '1' } } },
    ]);
    lab.advance(0);
    lab.advance(600_000);
    expect(availability(await readDeployment(lab, lab.secondary, 'cart')).Progressing).toBe('ReplicaSetUpdated');
    lab.advance(1);
    const status = await readDeployment(lab, lab.secondary, 'cart');
    expect((status.status?.conditions as Record<string, unknown>[]).find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
  });

  it('the app endpoint answers from its workloads: 503 without an available frontend, no answer from a stopped cluster', async () => {
    const lab = (kubeLab = await startKubeLab({ pace: { pace: 'azure' } }));
    const app = createAppHandler(lab.ctx);
    const ask = async (region: string): Promise<unknown> => {
      const reply = await app({ method: 'GET', url: new URL(`https://127.0.0.1/regions/${region}/healthz`), headers: {}, body: Buffer.alloc(0) });
      return reply && 'drop' in reply ? 'no answer' : reply?.status;
    };
    expect(await ask(lab.secondary.region)).toBe(200);
    await patchDeployment(lab, lab.secondary, 'frontend', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: `${lab.ctx.world.spec.registryLoginServer}/shop/frontend:1.5.0` }]);
    lab.advance(0);
    expect(await ask(lab.secondary.region)).toBe(503);
    lab.advance(podStartMs);
    expect(await ask(lab.secondary.region)).toBe(200);
    lab.secondary.powerState = 'Stopped';
    expect(await ask(lab.secondary.region)).toBe('no answer');
  });
});
