// Velero in one cluster: its backups, its storage location, and restores we start and watch.
import type { CallOptions } from './call-options.js';

export interface BackupInfo {
  name: string;
  /** New, InProgress, Completed, PartiallyFailed, Failed, … */
  phase: string;
  /** ISO 8601 timestamps as the server wrote them. */
  startTimestamp?: string;
  completionTimestamp?: string;
  storageLocation?: string;
}

export interface BackupStorageLocationInfo {
  name: string;
  /** Available or Unavailable (empty when Velero has not validated it yet). */
  phase: string;
  lastValidationTime?: string;
  message?: string;
}

export interface RestoreSpec {
  /** Deterministic, so that a retried create finds the first one instead of starting a second restore. */
  name: string;
  scheduleName?: string;
  backupName?: string;
  includedNamespaces?: string[];
  /** Restore namespace A as B (a drill restores into a scratch namespace beside production). */
  namespaceMapping?: Record<string, string>;
  restorePVs?: boolean;
  existingResourcePolicy?: 'none' | 'update';
}

export const terminalRestorePhases = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'] as const;

export interface RestoreInfo {
  name: string;
  /** Empty until Velero picks it up, then New, InProgress, …, Completed | PartiallyFailed | Failed | FailedValidation. */
  phase: string;
  backupName?: string;
  scheduleName?: string;
  /** Counts of items that failed / warned (0 when Velero reports none). */
  errors: number;
  warnings: number;
  failureReason?: string;
  validationErrors?: string[];
  startTimestamp?: string;
  completionTimestamp?: string;
}

/** A Deployment as a backup holds it: what a restore of that backup would bring back. */
export interface BackedUpDeployment {
  namespace: string;
  name: string;
  replicas: number;
  images: string[];
}

export interface VeleroPort {
  listBackups(filter: { schedule?: string }, options?: CallOptions): Promise<BackupInfo[]>;
  /** The most recent Completed backup of a schedule by start time, as Velero itself picks it. */
  newestCompletedBackup(schedule: string, options?: CallOptions): Promise<BackupInfo | undefined>;
  getBackupStorageLocation(name?: string, options?: CallOptions): Promise<BackupStorageLocationInfo>;
  /** Creates the restore, or returns the one that already has this name (never a second restore). */
  createRestore(spec: RestoreSpec, options?: CallOptions): Promise<RestoreInfo>;
  getRestore(name: string, options?: CallOptions): Promise<RestoreInfo>;
  listRestores(options?: CallOptions): Promise<RestoreInfo[]>;
  /**
   * The Deployments of `namespaces` inside a backup (its contents in object storage, through a
   * DownloadRequest for BackupContents): what restoring it would bring. NotFound when the backup's
   * contents cannot be had (Velero never processes the request within the deadline: Timeout).
   */
  backupDeployments(backupName: string, namespaces: readonly string[], options?: CallOptions): Promise<BackedUpDeployment[]>;
}

export function isTerminalRestorePhase(phase: string): boolean {
  return (terminalRestorePhases as readonly string[]).includes(phase);
}

/** Velero's own rule (restore controller `mostRecentCompletedBackup`): Completed only, newest start first. */
export function pickNewestCompletedBackup(backups: readonly BackupInfo[]): BackupInfo | undefined {
  const completed = backups.filter((b) => b.phase === 'Completed');
  completed.sort((a, b) => timeOf(b.startTimestamp) - timeOf(a.startTimestamp));
  return completed[0];
}

function timeOf(timestamp: string | undefined): number {
  const value = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  return Number.isNaN(value) ? 0 : value;
}
