// The simulated Velero driven by a ManualClock: schedules produce backups visible in every cluster,
// restores walk New → InProgress → terminal and materialise the backup's Deployments.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { coreTypes, veleroTypes, type KubeObject } from '../../src/lab/world/kube-store.js';
import type { ClusterState } from '../../src/lab/world/world.js';
import { startKubeLab, testTiming, type KubeLab, type KubeLabOptions } from './fixtures/kube-fixture.js';

const every = testTiming.backupEveryMs;
const step = testTiming.restoreStepMs;
let lab: KubeLab | undefined;

async function aLab(options: KubeLabOptions = {}): Promise<KubeLab> {
  lab = await startKubeLab(options);
  return lab;
}
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

function backupsOf(cluster: ClusterState): KubeObject[] {
  return cluster.store.list(veleroTypes.backups, 'velero').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

function createRestore(cluster: ClusterState, name: string, spec: Record<string, unknown>): void {
  cluster.store.create(veleroTypes.restores, { apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name, namespace: 'velero' }, spec });
}

function restoreOf(cluster: ClusterState, name: string): KubeObject {
  const restore = cluster.store.get(veleroTypes.restores, 'velero', name);
  if (!restore) throw new Error(`restore ${name} is gone`);
  return restore;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('schedules', () => {
  it('seeds three Completed backups, the newest half an interval old, in every cluster', async () => {
    const { primary, secondary, clock } = await aLab();
    for (const cluster of [primary, secondary]) {
      const backups = backupsOf(cluster);
      expect(backups).toHaveLength(3);
      expect(backups.map((b) => b.status?.phase)).toEqual(['Completed', 'Completed', 'Completed']);
      expect(backups.at(-1)?.status?.startTimestamp).toBe(iso(clock.now() - every / 2));
    }
    expect(primary.store.get(veleroTypes.schedules, 'velero', 'shop-hourly')?.status).toMatchObject({ phase: 'Enabled', lastBackup: iso(clock.now() - every / 2) });
  });

  it('produces the next backup when it is due, named and labelled like Velero, visible in both clusters', async () => {
    const l = await aLab();
    l.advance(every / 2 - 1000);
    expect(backupsOf(l.secondary)).toHaveLength(3);
    l.advance(1000);
    const newest = backupsOf(l.secondary).at(-1);
    expect(newest?.metadata.name).toBe('shop-hourly-20261123120030');
    expect(newest?.metadata.labels).toMatchObject({ 'velero.io/schedule-name': 'shop-hourly', 'velero.io/storage-location': 'default' });
    expect(newest?.spec).toMatchObject({ includedNamespaces: ['shop'], ttl: '720h0m0s', storageLocation: 'default' });
    expect(newest?.status).toMatchObject({
      phase: 'Completed',
      formatVersion: '1.1.0',
      version: 1,
      startTimestamp: '2026-11-23T12:00:30Z',
      expiration: '2026-12-23T12:00:30Z',
      progress: { itemsBackedUp: 3, totalItems: 3 },
    });
    expect(backupsOf(l.primary).map((b) => b.metadata.name)).toEqual(backupsOf(l.secondary).map((b) => b.metadata.name));
  });

  it('is idempotent per instant and catches up after a clock jump, at most ten runs', async () => {
    const l = await aLab();
    l.advance(every / 2);
    l.velero.tick();
    expect(backupsOf(l.primary)).toHaveLength(4);
    l.advance(5 * every);
    expect(backupsOf(l.primary)).toHaveLength(9);
    l.advance(60 * every);
    expect(backupsOf(l.primary)).toHaveLength(19);
    expect(backupsOf(l.primary).at(-1)?.status?.startTimestamp).toBe(iso(l.clock.now()));
  });

  it('backup-stale: backups read back a day old everywhere, no new ones until healed, then a fresh one', async () => {
    const l = await aLab();
    const custom = l.kubeConfig(l.secondary).makeApiClient(CustomObjectsApi);
    const newestStart = async (): Promise<number> => {
      const list = (await custom.listNamespacedCustomObject({ group: 'velero.io', version: 'v1', namespace: 'velero', plural: 'backups' })) as { items: KubeObject[] };
      return Math.max(...list.items.map((b) => Date.parse(String(b.status?.startTimestamp))));
    };
    l.ctx.faults.inject(l.primary.region, 'backup-stale');
    expect(l.clock.now() - (await newestStart())).toBe(testTiming.staleBackupAgeMs + every / 2);
    l.advance(3 * every);
    expect(backupsOf(l.primary)).toHaveLength(3);

    l.ctx.faults.heal();
    l.velero.tick();
    expect(backupsOf(l.primary)).toHaveLength(4);
    expect(await newestStart()).toBe(l.clock.now());
  });
});

describe('restores', () => {
  it('restores the newest backup of a schedule into a cold standby: New → InProgress → Completed', async () => {
    const l = await aLab({ spec: { standby: 'cold' } });
    const { secondary } = l;
    expect(secondary.store.list(coreTypes.deployments, 'shop')).toHaveLength(0);
    const newestBackup = backupsOf(secondary).at(-1)?.metadata.name;
    createRestore(secondary, 'failover-1', { scheduleName: 'shop-hourly', backupName: '' });

    l.velero.tick();
    expect(restoreOf(secondary, 'failover-1').status?.phase).toBe('New');
    l.advance(step);
    const inProgress = restoreOf(secondary, 'failover-1');
    expect(inProgress.status).toMatchObject({ phase: 'InProgress', startTimestamp: iso(l.clock.now()) });
    expect(inProgress.spec).toMatchObject({ backupName: newestBackup, scheduleName: 'shop-hourly', itemOperationTimeout: '4h0m0s' });
    expect(secondary.store.list(coreTypes.deployments, 'shop')).toHaveLength(0);

    l.advance(step);
    const done = restoreOf(secondary, 'failover-1');
    expect(done.status).toMatchObject({ phase: 'Completed', completionTimestamp: iso(l.clock.now()), progress: { itemsRestored: 3, totalItems: 3 } });
    const restored = secondary.store.list(coreTypes.deployments, 'shop');
    expect(restored.map((d) => d.metadata.name)).toEqual(['cart', 'frontend']);
    expect(restored[0]?.metadata.labels).toMatchObject({ app: 'cart', 'velero.io/backup-name': newestBackup, 'velero.io/restore-name': 'failover-1' });
    expect(restored[0]?.status).toMatchObject({ replicas: 3, availableReplicas: 3 });
  });

  it('walks every missed step in one tick after a clock jump, and never runs a finished restore again', async () => {
    const l = await aLab({ spec: { standby: 'cold' } });
    createRestore(l.secondary, 'late', { scheduleName: 'shop-hourly' });
    l.advance(10 * step);
    expect(restoreOf(l.secondary, 'late').status?.phase).toBe('Completed');
    const version = restoreOf(l.secondary, 'late').metadata.resourceVersion;
    l.secondary.store.delete(coreTypes.deployments, 'shop', 'cart');
    l.advance(10 * step);
    expect(restoreOf(l.secondary, 'late').metadata.resourceVersion).toBe(version);
    expect(l.secondary.store.get(coreTypes.deployments, 'shop', 'cart')).toBeUndefined();
  });

  it('leaves existing deployments alone with a warning, or updates them with existingResourcePolicy: update', async () => {
    const l = await aLab({ spec: { standby: 'warm' } });
    createRestore(l.secondary, 'keep', { scheduleName: 'shop-hourly' });
    l.advance(2 * step);
    expect(restoreOf(l.secondary, 'keep').status).toMatchObject({ phase: 'Completed', warnings: 2 });
    expect(l.secondary.store.get(coreTypes.deployments, 'shop', 'frontend')?.spec?.replicas).toBe(1);

    createRestore(l.secondary, 'overwrite', { scheduleName: 'shop-hourly', existingResourcePolicy: 'update' });
    l.advance(2 * step);
    expect(restoreOf(l.secondary, 'overwrite').status?.phase).toBe('Completed');
    const frontend = l.secondary.store.get(coreTypes.deployments, 'shop', 'frontend');
    expect(frontend?.spec?.replicas).toBe(3);
    expect(frontend?.status?.availableReplicas).toBe(3);
    expect(frontend?.metadata.labels?.['velero.io/restore-name']).toBe('overwrite');
  });

  it('fails validation listing every problem: no backups for the schedule, a bad policy', async () => {
    const l = await aLab();
    createRestore(l.secondary, 'nothing', { scheduleName: 'nightly', existingResourcePolicy: 'overwrite' });
    createRestore(l.secondary, 'missing', { backupName: 'shop-hourly-19990101000000' });
    createRestore(l.secondary, 'both', { backupName: 'x', scheduleName: 'shop-hourly' });
    l.advance(step);
    expect(restoreOf(l.secondary, 'nothing').status).toMatchObject({
      phase: 'FailedValidation',
      validationErrors: ['Invalid existing resource policy overwrite, it must be one of none, update', 'No backups found for schedule'],
    });
    expect(restoreOf(l.secondary, 'missing').status?.validationErrors).toEqual(['Error retrieving backup: backups.velero.io "shop-hourly-19990101000000" not found']);
    expect(restoreOf(l.secondary, 'both').status?.validationErrors).toEqual(['Either a backup or schedule must be specified as a source for the restore, but not both']);
  });

  it('fails validation when the cluster\'s backup storage location is unavailable', async () => {
    const l = await aLab();
    l.secondary.store.mutate(veleroTypes.backupstoragelocations, 'velero', 'default', (bsl) => {
      bsl.status = { ...bsl.status, phase: 'Unavailable' };
    });
    createRestore(l.secondary, 'no-bsl', { scheduleName: 'shop-hourly' });
    l.advance(step);
    expect(restoreOf(l.secondary, 'no-bsl').status).toMatchObject({ phase: 'FailedValidation', validationErrors: ['The BSL default is unavailable, cannot retrieve the backup'] });
  });

  it('restore-fails: ends Failed with a reason and restores nothing', async () => {
    const l = await aLab({ spec: { standby: 'cold' } });
    l.ctx.faults.inject(l.secondary.region, 'restore-fails');
    createRestore(l.secondary, 'doomed', { scheduleName: 'shop-hourly' });
    l.advance(2 * step);
    const status = restoreOf(l.secondary, 'doomed').status;
    expect(status).toMatchObject({ phase: 'Failed', errors: 1 });
    expect(String(status?.failureReason)).toContain('restore-fails');
    expect(status?.completionTimestamp).toBe(iso(l.clock.now()));
    expect(l.secondary.store.list(coreTypes.deployments, 'shop')).toHaveLength(0);
  });

  it('restore-fails with phase PartiallyFailed: errors counted, some deployments restored', async () => {
    const l = await aLab({ spec: { standby: 'cold' } });
    l.ctx.faults.inject(l.secondary.region, 'restore-fails', { phase: 'PartiallyFailed' });
    createRestore(l.secondary, 'partial', { scheduleName: 'shop-hourly' });
    l.advance(2 * step);
    expect(restoreOf(l.secondary, 'partial').status).toMatchObject({ phase: 'PartiallyFailed', errors: 1, progress: { itemsRestored: 2, totalItems: 3 } });
    expect(l.secondary.store.list(coreTypes.deployments, 'shop').map((d) => d.metadata.name)).toEqual(['cart']);
  });

  it('a restore-fails fault in another region does not touch this cluster\'s restores', async () => {
    const l = await aLab({ spec: { standby: 'cold' } });
    l.ctx.faults.inject(l.primary.region, 'restore-fails');
    createRestore(l.secondary, 'fine', { scheduleName: 'shop-hourly' });
    l.advance(2 * step);
    expect(restoreOf(l.secondary, 'fine').status?.phase).toBe('Completed');
  });
});

describe('on-demand backups', () => {
  it('a Backup created through the API completes, is synced to the other cluster and can be restored there', async () => {
    const l = await aLab({ spec: { standby: 'cold' } });
    l.primary.store.create(veleroTypes.backups, {
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: { name: 'before-drill', namespace: 'velero' },
      spec: { includedNamespaces: ['shop'] },
    });
    l.velero.tick();
    expect(l.primary.store.get(veleroTypes.backups, 'velero', 'before-drill')?.status?.phase).toBe('New');
    l.advance(step);
    expect(l.primary.store.get(veleroTypes.backups, 'velero', 'before-drill')?.status?.phase).toBe('InProgress');
    expect(l.secondary.store.get(veleroTypes.backups, 'velero', 'before-drill')).toBeUndefined();
    l.advance(step);
    const synced = l.secondary.store.get(veleroTypes.backups, 'velero', 'before-drill');
    expect(synced?.status).toMatchObject({ phase: 'Completed', progress: { itemsBackedUp: 3, totalItems: 3 } });

    createRestore(l.secondary, 'from-manual', { backupName: 'before-drill' });
    l.advance(2 * step);
    expect(restoreOf(l.secondary, 'from-manual').status?.phase).toBe('Completed');
    expect(l.secondary.store.list(coreTypes.deployments, 'shop')).toHaveLength(2);
  });
});
