// In-memory VeleroPort for one cluster, with Velero's server rules: a restore from a schedule takes
// the newest Completed backup; an unknown backup or an unavailable storage location fails
// validation; a restore moves New → InProgress → Completed one `restoreStepInMs` at a time on the
// injected clock (or ends Failed / PartiallyFailed when told to). Names are unique: creating an
// existing restore returns it unchanged.
import type { CallOptions } from '../../core/ports/call-options.js';
import { FakeFaults, badRequest, fakeCall, notFound } from '../../core/ports/testing/fake-faults.js';
import {
  pickNewestCompletedBackup,
  type BackedUpDeployment,
  type BackupInfo,
  type BackupStorageLocationInfo,
  type RestoreInfo,
  type RestoreSpec,
  type VeleroPort,
} from '../../core/ports/velero-port.js';

export interface FakeBackup extends BackupInfo {
  schedule?: string;
  /** What the backup holds (its contents in object storage); absent: nothing the fake can hand out. */
  deployments?: BackedUpDeployment[];
}

export interface FakeVeleroSeed {
  backups?: FakeBackup[];
  storageLocations?: BackupStorageLocationInfo[];
  clock?: { now(): number };
  restoreStepInMs?: number;
}

interface StoredRestore {
  spec: RestoreSpec;
  createdAt: number;
  /** How the restore ends. */
  outcome: 'Completed' | 'Failed' | 'PartiallyFailed';
}

export class FakeVelero implements VeleroPort {
  readonly faults = new FakeFaults();
  readonly calls: string[] = [];
  latencyInMs = 0;
  backups: FakeBackup[];
  storageLocations: BackupStorageLocationInfo[];
  /** The outcome restores created from now on will have. */
  restoreOutcome: StoredRestore['outcome'] = 'Completed';
  private readonly restores = new Map<string, StoredRestore>();
  private readonly clock: { now(): number };
  private readonly restoreStepInMs: number;

  constructor(seed: FakeVeleroSeed = {}) {
    this.backups = structuredClone(seed.backups ?? []);
    this.storageLocations = structuredClone(seed.storageLocations ?? [{ name: 'default', phase: 'Available' }]);
    this.clock = seed.clock ?? { now: () => Date.now() };
    this.restoreStepInMs = seed.restoreStepInMs ?? 1_000;
  }

  listBackups(filter: { schedule?: string }, options?: CallOptions): Promise<BackupInfo[]> {
    return this.call('listBackups', options, () => this.backups.filter((b) => !filter.schedule || b.schedule === filter.schedule).map(toInfo));
  }

  async newestCompletedBackup(schedule: string, options?: CallOptions): Promise<BackupInfo | undefined> {
    return pickNewestCompletedBackup(await this.listBackups({ schedule }, options));
  }

  getBackupStorageLocation(name = 'default', options?: CallOptions): Promise<BackupStorageLocationInfo> {
    return this.call('getBackupStorageLocation', options, () => {
      const bsl = this.storageLocations.find((l) => l.name === name);
      if (!bsl) throw notFound('kubernetes', 'getBackupStorageLocation', `backupstoragelocations.velero.io "${name}"`);
      return structuredClone(bsl);
    });
  }

  createRestore(spec: RestoreSpec, options?: CallOptions): Promise<RestoreInfo> {
    return this.call('createRestore', options, () => {
      if (!spec.backupName && !spec.scheduleName) throw badRequest('kubernetes', 'createRestore', 'give a backupName or a scheduleName');
      if (!this.restores.has(spec.name)) this.restores.set(spec.name, { spec: structuredClone(spec), createdAt: this.clock.now(), outcome: this.restoreOutcome });
      return this.view(spec.name);
    });
  }

  backupDeployments(backupName: string, namespaces: readonly string[], options?: CallOptions): Promise<BackedUpDeployment[]> {
    return this.call('backupDeployments', options, () => {
      const backup = this.backups.find((b) => b.name === backupName);
      if (!backup?.deployments) throw notFound('kubernetes', 'backupDeployments', `the contents of backup "${backupName}"`);
      const held = backup.deployments.filter((d) => namespaces.includes(d.namespace));
      return structuredClone(held.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)));
    });
  }

  getRestore(name: string, options?: CallOptions): Promise<RestoreInfo> {
    return this.call('getRestore', options, () => this.view(name));
  }

  listRestores(options?: CallOptions): Promise<RestoreInfo[]> {
    return this.call('listRestores', options, () => [...this.restores.keys()].map((name) => this.view(name)));
  }

  /** The restore as the Velero controller would have progressed it by now. */
  private view(name: string): RestoreInfo {
    const stored = this.restores.get(name);
    if (!stored) throw notFound('kubernetes', 'getRestore', `restores.velero.io "${name}"`);
    const steps = Math.floor((this.clock.now() - stored.createdAt) / this.restoreStepInMs);
    const base: RestoreInfo = { name, phase: 'New', errors: 0, warnings: 0, ...(stored.spec.scheduleName ? { scheduleName: stored.spec.scheduleName } : {}) };
    if (stored.spec.backupName) base.backupName = stored.spec.backupName;
    if (steps < 1) return base;

    const backup = stored.spec.backupName
      ? this.backups.find((b) => b.name === stored.spec.backupName)
      : pickNewestCompletedBackup(this.backups.filter((b) => b.schedule === stored.spec.scheduleName));
    const validationErrors: string[] = [];
    if (!backup) validationErrors.push(stored.spec.backupName ? `backup "${stored.spec.backupName}" not found` : `No completed backups found for schedule ${stored.spec.scheduleName ?? ''}`);
    const bsl = this.storageLocations.find((l) => l.name === (backup?.storageLocation ?? 'default'));
    if (backup && bsl?.phase !== 'Available') validationErrors.push(`backup storage location "${bsl?.name ?? 'default'}" is not available`);
    const started = new Date(stored.createdAt + this.restoreStepInMs).toISOString();
    if (validationErrors.length > 0) return { ...base, phase: 'FailedValidation', validationErrors };

    const inProgress: RestoreInfo = { ...base, backupName: backup?.name ?? '', phase: 'InProgress', startTimestamp: started };
    if (steps < 2) return inProgress;
    const completed = new Date(stored.createdAt + 2 * this.restoreStepInMs).toISOString();
    if (stored.outcome === 'Completed') return { ...inProgress, phase: 'Completed', errors: 0, warnings: 0, completionTimestamp: completed };
    return {
      ...inProgress,
      phase: stored.outcome,
      errors: 1,
      warnings: 0,
      completionTimestamp: completed,
      ...(stored.outcome === 'Failed' ? { failureReason: 'restore failed: error restoring items' } : {}),
    };
  }

  private call<T>(operation: string, options: CallOptions | undefined, fn: () => T): Promise<T> {
    this.calls.push(operation);
    return fakeCall({ target: 'kubernetes', operation, faults: this.faults, latencyInMs: this.latencyInMs }, options, fn);
  }
}

function toInfo({ schedule: _schedule, deployments: _deployments, ...backup }: FakeBackup): BackupInfo {
  return structuredClone(backup);
}
