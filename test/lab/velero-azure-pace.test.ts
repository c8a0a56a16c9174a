// Velero at Azure's pace and how recovery fails: schedules that follow their cron (compressed by
// the time scale), restores whose duration grows with the items they restore, restores that hang,
// backup storage out of reach without the rest of the region down, and PartiallyFailed restores
// with Velero's per-item errors. On the lab's manual clock.
import { afterEach, describe, expect, it } from 'vitest';
import { RestoreController } from '../../src/lab/kube/velero-restores.js';
import { azureDurations } from '../../src/lab/pace.js';
import { coreTypes, veleroTypes, type KubeObject } from '../../src/lab/world/kube-store.js';
import { deploymentObject, imageOf, type ClusterState } from '../../src/lab/world/world.js';
import { startKubeLab, testTiming, type KubeLab } from './fixtures/kube-fixture.js';
import { rawRequest } from './fixtures/kube-http.js';

let lab: KubeLab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

const minute = 60_000;
const at = (hhmmss: string): number => Date.parse(`2026-11-23T${hhmmss}Z`);

function backupNames(cluster: ClusterState): string[] {
  return cluster.store.list(veleroTypes.backups, 'velero').map((b) => b.metadata.name).sort();
}
function createRestore(cluster: ClusterState, name: string, spec: Record<string, unknown> = { scheduleName: 'shop-hourly', existingResourcePolicy: 'update' }): void {
  cluster.store.create(veleroTypes.restores, { apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name, namespace: 'velero' }, spec });
}
function restoreOf(cluster: ClusterState, name: string): KubeObject {
  const restore = cluster.store.get(veleroTypes.restores, 'velero', name);
  if (!restore) throw new Error(`no restore ${name}`);
  return restore;
}
const phaseOf = (cluster: ClusterState, name: string): unknown => restoreOf(cluster, name).status?.phase;

describe('backups follow their schedule’s cron', () => {
  it('at ÷ 10 an hourly schedule runs every 6 minutes of lab time, on the cron’s own marks', async () => {
    const l = (lab = await startKubeLab({ pace: { pace: 'azure', timeScale: 10 } }));
    // The lab starts at 12:00:00; its history is the cron's last three runs before it (11:00,
    // 10:00, 09:00 on the compressed clock: 6, 12 and 18 minutes ago), and 12:00 is itself a mark.
    expect(backupNames(l.primary)).toEqual(['shop-hourly-20261123114200', 'shop-hourly-20261123114800', 'shop-hourly-20261123115400']);
    l.advance(0);
    expect(backupNames(l.primary)).toHaveLength(4);
    expect(backupNames(l.primary)).toContain('shop-hourly-20261123120000');
    l.advance(6 * minute - 1);
    expect(backupNames(l.primary)).toHaveLength(4);
    l.advance(1);
    expect(backupNames(l.primary)).toContain('shop-hourly-20261123120600');
    expect(l.primary.store.get(veleroTypes.backups, 'velero', 'shop-hourly-20261123120600')?.status?.startTimestamp).toBe('2026-11-23T12:06:00Z');
  });

  it('a changed cron takes effect from the last backup; an expression Velero would refuse fails validation', async () => {
    const l = (lab = await startKubeLab({ pace: { pace: 'azure', timeScale: 1 } }));
    l.advance(at('13:00:00') - l.clock.now());
    expect(backupNames(l.primary)).toContain('shop-hourly-20261123130000');
    l.primary.store.mutate(veleroTypes.schedules, 'velero', 'shop-hourly', (s) => void (s.spec = { ...s.spec, schedule: '*/15 * * * *' }));
    l.advance(15 * minute);
    expect(backupNames(l.primary)).toContain('shop-hourly-20261123131500');

    l.primary.store.create(veleroTypes.schedules, { apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'bad', namespace: 'velero' }, spec: { schedule: '0 25 * * *', template: {} } });
    l.advance(1);
    expect(l.primary.store.get(veleroTypes.schedules, 'velero', 'bad')?.status).toMatchObject({ phase: 'FailedValidation' });
  });
});

describe('a restore’s duration grows with what it restores', () => {
  const base = azureDurations.restoreBaseMs;
  const perItem = azureDurations.restorePerItemMs;

  /** How long the restore stayed InProgress, found by stepping the clock 1 ms past its due time. */
  function inProgressFor(l: KubeLab, name: string, expectedMs: number): void {
    createRestore(l.secondary, name);
    l.advance(0);
    l.advance(base);
    expect(phaseOf(l.secondary, name)).toBe('InProgress');
    l.advance(expectedMs - 1);
    expect(phaseOf(l.secondary, name)).toBe('InProgress');
    l.advance(1);
    expect(phaseOf(l.secondary, name)).toBe('Completed');
  }

  it('base + per item: 3 items (the namespace, two Deployments), then 13 after ten more Deployments are backed up', async () => {
    const l = (lab = await startKubeLab({ pace: { pace: 'azure', timeScale: 1 } }));
    inProgressFor(l, 'small', base + 3 * perItem);
    expect(restoreOf(l.secondary, 'small').status?.progress).toEqual({ itemsRestored: 3, totalItems: 3 });

    for (let i = 0; i < 10; i++) l.primary.store.create(coreTypes.deployments, deploymentObject('shop', `worker-${i}`, imageOf(l.ctx.world.spec, 'cart'), 1, l.clock.now()));
    l.advance(at('13:00:00') - l.clock.now()); // the hourly schedule backs them up
    inProgressFor(l, 'large', base + 13 * perItem);
    expect(restoreOf(l.secondary, 'large').status?.progress).toEqual({ itemsRestored: 13, totalItems: 13 });
  });
});

describe('the restore model’s volume term', () => {
  it('adds restorePerGiBMs for each GiB of volume data the backup holds', async () => {
    const l = (lab = await startKubeLab({ pace: { pace: 'azure', timeScale: 1 } }));
    const snapshot = { sourceCluster: l.primary.name, namespaces: ['shop'], deployments: [], volumeGiB: 2 };
    const controller = new RestoreController(l.ctx, new Map([['velero/with-volumes', snapshot]]));
    const restore: KubeObject = { apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name: 'r', namespace: 'velero' }, spec: { backupName: 'with-volumes' } };
    expect(controller.durationMs(restore)).toBe(azureDurations.restoreBaseMs + azureDurations.restorePerItemMs + 2 * azureDurations.restorePerGiBMs);
  });
});

describe('recovery failure modes', () => {
  const restoreMs = testTiming.restoreStepMs * 10;

  it('restore-hangs: a restore stays InProgress however long one waits, and finishes once healed', async () => {
    const l = (lab = await startKubeLab());
    l.ctx.faults.inject(l.secondary.region, 'restore-hangs');
    createRestore(l.secondary, 'hung');
    l.advance(24 * 3600 * 1000);
    expect(restoreOf(l.secondary, 'hung').status).toMatchObject({ phase: 'InProgress', progress: { itemsRestored: 0 } });
    expect(restoreOf(l.secondary, 'hung').status?.completionTimestamp).toBeUndefined();
    l.ctx.faults.heal(l.secondary.region);
    l.advance(0);
    expect(phaseOf(l.secondary, 'hung')).toBe('Completed');
  });

  it('backup-storage-unavailable: the location reads Unavailable, no backup is made, a new restore fails validation and one in progress stalls; the API server and the other region are fine', async () => {
    const l = (lab = await startKubeLab());
    createRestore(l.secondary, 'in-flight');
    l.advance(testTiming.restoreStepMs);
    expect(phaseOf(l.secondary, 'in-flight')).toBe('InProgress');
    l.ctx.faults.inject(l.secondary.region, 'backup-storage-unavailable');
    l.ctx.faults.inject(l.primary.region, 'backup-storage-unavailable');

    const bsl = await rawRequest(l, l.secondary, '/apis/velero.io/v1/namespaces/velero/backupstoragelocations/default');
    expect(bsl.status).toBe(200);
    expect((bsl.json() as KubeObject).status).toMatchObject({ phase: 'Unavailable', message: expect.stringContaining('staksdrbackups.blob.core.windows.net') as unknown });

    const before = backupNames(l.primary);
    createRestore(l.secondary, 'refused');
    l.advance(testTiming.backupEveryMs * 3);
    expect(backupNames(l.primary)).toEqual(before);
    expect(restoreOf(l.secondary, 'refused').status).toMatchObject({ phase: 'FailedValidation', validationErrors: ['The BSL default is unavailable, cannot retrieve the backup'] });
    expect(phaseOf(l.secondary, 'in-flight')).toBe('InProgress');
    expect((await rawRequest(l, l.secondary, '/apis/apps/v1/namespaces/shop/deployments')).status).toBe(200);

    l.ctx.faults.heal();
    l.advance(0);
    expect(phaseOf(l.secondary, 'in-flight')).toBe('Completed');
    expect(backupNames(l.primary)).toHaveLength(before.length + 1);
    expect(((await rawRequest(l, l.secondary, '/apis/velero.io/v1/namespaces/velero/backupstoragelocations/default')).json() as KubeObject).status?.phase).toBe('Available');
  });

  it('restore-fails PartiallyFailed: counts in the status, each item’s error in the restore’s results, no failureReason (Velero sets it only when the whole restore fails)', async () => {
    const l = (lab = await startKubeLab());
    l.ctx.faults.inject(l.secondary.region, 'restore-fails', { phase: 'PartiallyFailed' });
    createRestore(l.secondary, 'partial', { scheduleName: 'shop-hourly' });
    l.advance(restoreMs);
    const status = restoreOf(l.secondary, 'partial').status ?? {};
    // The warm standby already runs cart (a warning: it exists); frontend, the last item, fails.
    expect(status).toMatchObject({ phase: 'PartiallyFailed', errors: 1, warnings: 1, progress: { itemsRestored: 2, totalItems: 3 } });
    expect(status.failureReason).toBeUndefined();
    expect(l.velero.restoreResults(l.secondary.name, 'velero', 'partial')).toEqual({
      errors: { velero: [], cluster: [], namespaces: { shop: [expect.stringMatching(/^error restoring deployments\.apps\/shop\/frontend: /) as unknown] } },
      warnings: { velero: [], cluster: [], namespaces: { shop: ['could not restore, Deployment "cart" already exists. Warning: the in-cluster version is different than the backed-up version'] } },
    });
  });

  it('restore-fails (Failed): the whole restore fails with a failureReason', async () => {
    const l = (lab = await startKubeLab());
    l.ctx.faults.inject(l.secondary.region, 'restore-fails');
    createRestore(l.secondary, 'failed', { scheduleName: 'shop-hourly' });
    l.advance(restoreMs);
    expect(restoreOf(l.secondary, 'failed').status).toMatchObject({ phase: 'Failed', errors: 1, failureReason: expect.stringContaining('error downloading backup') as unknown });
  });
});
