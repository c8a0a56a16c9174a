// Velero dies with its region: while the primary's region is down its schedule produces no
// backups (the secondary sees none arrive), its restores do not move, and its backup storage
// location reads Unavailable; back up, a due schedule runs once at once, without back-filling.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { backupStorageLocationView } from '../../src/lab/kube/velero-region.js';
import { veleroTypes } from '../../src/lab/world/kube-store.js';
import type { ClusterState } from '../../src/lab/world/world.js';
import { startKubeLab, testTiming, type KubeLab } from './fixtures/kube-fixture.js';

const every = testTiming.backupEveryMs;
let lab: KubeLab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

const backupCount = (cluster: ClusterState): number => cluster.store.list(veleroTypes.backups, 'velero').length;

describe('Velero during a regional outage', () => {
  it('the dead region produces no backups; back up, one fresh backup at once and no back-fill', async () => {
    const l = (lab = await startKubeLab());
    const before = backupCount(l.secondary);
    l.ctx.faults.inject(l.primary.region, 'region-down', { mode: 'reset' });
    l.advance(3 * every);
    expect(backupCount(l.primary)).toBe(before);
    expect(backupCount(l.secondary)).toBe(before);
    l.ctx.faults.heal();
    l.advance(0);
    expect(backupCount(l.secondary)).toBe(before + 1);
  });

  it('a restore in the dead region does not move until the region is back', async () => {
    const l = (lab = await startKubeLab({ spec: { standby: 'cold' } }));
    l.secondary.store.create(veleroTypes.restores, { apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name: 'r1', namespace: 'velero' }, spec: { scheduleName: 'shop-hourly' } });
    l.ctx.faults.inject(l.secondary.region, 'region-down', { mode: 'reset' });
    l.advance(10 * testTiming.restoreStepMs);
    expect(l.secondary.store.get(veleroTypes.restores, 'velero', 'r1')?.status?.phase).toBeUndefined();
    l.ctx.faults.heal();
    l.advance(testTiming.restoreStepMs);
    l.advance(testTiming.restoreStepMs);
    expect(l.secondary.store.get(veleroTypes.restores, 'velero', 'r1')?.status?.phase).toBe('Completed');
  });

  it('the dead region’s backup storage location reads Unavailable; the other region’s stays Available', async () => {
    const l = (lab = await startKubeLab());
    // The dead API server cannot be read, so its view is asked directly; the other cluster through its API.
    l.ctx.faults.inject(l.primary.region, 'region-down', { mode: 'reset' });
    const other: unknown = await l.kubeConfig(l.secondary).makeApiClient(CustomObjectsApi).getNamespacedCustomObject({ group: 'velero.io', version: 'v1', namespace: 'velero', plural: 'backupstoragelocations', name: 'default' });
    expect((other as { status?: { phase?: string } }).status?.phase).toBe('Available');
    const bsl = l.primary.store.get(veleroTypes.backupstoragelocations, 'velero', 'default');
    if (!bsl) throw new Error('no BSL');
    const view = backupStorageLocationView(bsl, { ctx: l.ctx, cluster: l.primary });
    expect(view.status).toMatchObject({ phase: 'Unavailable', message: expect.stringContaining('unavailable') as unknown });
    l.ctx.faults.heal();
    expect(backupStorageLocationView(bsl, { ctx: l.ctx, cluster: l.primary }).status?.phase).toBe('Available');
  });
});
