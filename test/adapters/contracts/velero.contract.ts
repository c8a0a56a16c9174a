// What every VeleroPort must do, run against the fake and against client-node on the lab.
import { expect, it } from 'vitest';
import { isAdapterError } from '../../../src/core/ports/adapter-error.js';
import { isTerminalRestorePhase, type RestoreInfo, type VeleroPort } from '../../../src/core/ports/velero-port.js';

export interface VeleroHarness {
  /** Velero in the cluster restores go to (sees the schedule's backups through the shared storage location). */
  port: VeleroPort;
  schedule: string;
  namespace: string;
  /** Move the world on by one restore phase. */
  progress: () => void | Promise<void>;
  /** Restores started from now on end in Failed. */
  failRestores: () => void | Promise<void>;
  heal: () => void | Promise<void>;
  uniqueName: (prefix: string) => string;
}

async function waitForTerminal(h: VeleroHarness, name: string): Promise<RestoreInfo[]> {
  const seen: RestoreInfo[] = [];
  for (let i = 0; i < 60; i++) {
    const restore = await h.port.getRestore(name);
    seen.push(restore);
    if (isTerminalRestorePhase(restore.phase)) return seen;
    await h.progress();
  }
  throw new Error(`restore ${name} did not finish: ${JSON.stringify(seen.at(-1))}`);
}

export function veleroContract(harness: () => VeleroHarness): void {
  it("reads the deployments a backup holds (what a restore would bring); an unknown backup's contents are not there", async () => {
    const { port, schedule, namespace } = harness();
    const newest = await port.newestCompletedBackup(schedule);
    const held = await port.backupDeployments(newest?.name ?? '', [namespace], { timeoutInMs: 10_000 });
    expect(held.length).toBeGreaterThan(0);
    for (const d of held) {
      expect(d.namespace).toBe(namespace);
      expect(d.replicas).toBeGreaterThanOrEqual(0);
      expect(d.images.length).toBeGreaterThan(0);
    }
    expect(held.map((d) => d.name)).toEqual([...held.map((d) => d.name)].sort());
    expect(await port.backupDeployments(newest?.name ?? '', ['no-such-namespace'], { timeoutInMs: 10_000 })).toEqual([]);
    const unknown = await port.backupDeployments('no-such-backup', [namespace], { timeoutInMs: 1_500 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAdapterError(unknown) && unknown.code).toMatch(/^(NotFound|Timeout)$/);
  });

  it('lists the backups of a schedule and picks the newest Completed one as Velero does', async () => {
    const { port, schedule } = harness();
    const backups = await port.listBackups({ schedule });
    expect(backups.length).toBeGreaterThan(0);
    for (const b of backups) expect(b.name.startsWith(schedule)).toBe(true);
    const newest = await port.newestCompletedBackup(schedule);
    expect(newest?.phase).toBe('Completed');
    const newestStart = Date.parse(newest?.startTimestamp ?? '');
    for (const b of backups.filter((x) => x.phase === 'Completed')) expect(Date.parse(b.startTimestamp ?? '')).toBeLessThanOrEqual(newestStart);
    expect(await port.listBackups({ schedule: 'no-such-schedule' })).toEqual([]);
    expect(await port.newestCompletedBackup('no-such-schedule')).toBeUndefined();
  });

  it('reads the default backup storage location as Available; an unknown one is NotFound', async () => {
    const { port } = harness();
    expect(await port.getBackupStorageLocation()).toMatchObject({ name: 'default', phase: 'Available' });
    await expect(port.getBackupStorageLocation('no-such-location')).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('creates a restore once: creating it again returns the same restore instead of a second one', async () => {
    const h = harness();
    const name = h.uniqueName('twice');
    const spec = { name, scheduleName: h.schedule, includedNamespaces: [h.namespace], restorePVs: true };
    const first = await h.port.createRestore(spec);
    const second = await h.port.createRestore(spec);
    expect(first.name).toBe(name);
    expect(second.name).toBe(name);
    expect((await h.port.listRestores()).filter((r) => r.name === name)).toHaveLength(1);
  });

  it('walks a restore from the newest completed backup through its phases to Completed', async () => {
    const h = harness();
    const newest = await h.port.newestCompletedBackup(h.schedule);
    const name = h.uniqueName('phases');
    await h.port.createRestore({ name, scheduleName: h.schedule, includedNamespaces: [h.namespace], existingResourcePolicy: 'update' });
    const seen = await waitForTerminal(h, name);
    const phases = [...new Set(seen.map((r) => r.phase))];
    expect(phases).toContain('InProgress');
    expect(phases.at(-1)).toBe('Completed');
    expect(seen.at(-1)).toMatchObject({ backupName: newest?.name, errors: 0 });
    expect(seen.at(-1)?.completionTimestamp).toBeTruthy();
  });

  it('reports a failing restore as Failed', async () => {
    const h = harness();
    await h.failRestores();
    try {
      const name = h.uniqueName('fails');
      await h.port.createRestore({ name, scheduleName: h.schedule, includedNamespaces: [h.namespace] });
      expect((await waitForTerminal(h, name)).at(-1)?.phase).toBe('Failed');
    } finally {
      await h.heal();
    }
  });

  it('reports an unknown restore as NotFound and refuses a restore without a source', async () => {
    const h = harness();
    await expect(h.port.getRestore('no-such-restore')).rejects.toMatchObject({ code: 'NotFound' });
    await expect(h.port.createRestore({ name: h.uniqueName('nosource') })).rejects.toMatchObject({ code: 'BadRequest' });
  });
}
