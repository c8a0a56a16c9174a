// VeleroPort over the Velero CRDs (velero.io/v1) through client-node's CustomObjectsApi.
// A restore is created under a deterministic name; a 409 means it already exists (an earlier attempt
// got through, maybe without us seeing the answer), so we return that one — never a second restore.
import { AdapterError, isAdapterError } from '../core/ports/adapter-error.js';
import type { CallOptions } from '../core/ports/call-options.js';
import {
  pickNewestCompletedBackup,
  type BackedUpDeployment,
  type BackupInfo,
  type BackupStorageLocationInfo,
  type RestoreInfo,
  type RestoreSpec,
  type VeleroPort,
} from '../core/ports/velero-port.js';
import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { fetch, type Dispatcher } from 'undici';
import { answerFields } from '../azure/answer-fields.js';
import type { ApiServerGuard } from './api-server-guard.js';
import { BackupArchiveError, readBackupDeployments, type BackupReadLimits } from './backup-contents.js';
import { itemsOf } from './kubernetes-client.js';
import { withSignal, type ClusterApis } from './cluster-apis.js';

const group = 'velero.io';
const version = 'v1';
export const scheduleNameLabel = 'velero.io/schedule-name';

interface VeleroObject {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** How the backup contents are fetched from object storage (a pre-signed URL, outside the API server). */
export interface BackupDownloadOptions {
  /** An undici dispatcher trusting the storage's CA (a custom CA in the lab or a sovereign cloud). */
  dispatcher?: Dispatcher;
  limits?: BackupReadLimits;
}

const downloadPollInMs = 250;

export class VeleroClient implements VeleroPort {
  constructor(
    private readonly apis: ClusterApis,
    private readonly guard: ApiServerGuard,
    /** Velero's namespace (default `velero`). */
    private readonly namespace = 'velero',
    private readonly download: BackupDownloadOptions = {},
  ) {}

  listBackups(filter: { schedule?: string }, options?: CallOptions): Promise<BackupInfo[]> {
    return this.guard.call('listBackups', options, async (signal) => {
      const list = (await this.apis.custom.listNamespacedCustomObject(
        {
          group,
          version,
          namespace: this.namespace,
          plural: 'backups',
          ...(filter.schedule ? { labelSelector: `${scheduleNameLabel}=${filter.schedule}` } : {}),
        },
        withSignal(signal),
      )) as { items?: VeleroObject[] };
      return itemsOf(list, 'listBackups').map((item) => toBackupInfo(veleroObject(item, 'listBackups')));
    });
  }

  async newestCompletedBackup(schedule: string, options?: CallOptions): Promise<BackupInfo | undefined> {
    return pickNewestCompletedBackup(await this.listBackups({ schedule }, options));
  }

  getBackupStorageLocation(name = 'default', options?: CallOptions): Promise<BackupStorageLocationInfo> {
    return this.guard.call('getBackupStorageLocation', options, async (signal) => {
      const bsl = (await this.apis.custom.getNamespacedCustomObject(
        { group, version, namespace: this.namespace, plural: 'backupstoragelocations', name },
        withSignal(signal),
      )) as VeleroObject;
      const status = veleroObject(bsl, 'getBackupStorageLocation').status ?? {};
      return {
        name: str(bsl.metadata?.name) ?? name,
        phase: str(status.phase) ?? '',
        ...optional('lastValidationTime', str(status.lastValidationTime)),
        ...optional('message', str(status.message)),
      };
    });
  }

  async createRestore(spec: RestoreSpec, options?: CallOptions): Promise<RestoreInfo> {
    if (!spec.backupName && !spec.scheduleName) {
      throw new AdapterError('BadRequest', `createRestore ${spec.name}: give a backupName or a scheduleName`, { target: 'kubernetes', operation: 'createRestore' });
    }
    try {
      return await this.guard.call('createRestore', options, async (signal) => {
        const created = (await this.apis.custom.createNamespacedCustomObject(
          { group, version, namespace: this.namespace, plural: 'restores', body: restoreBody(spec, this.namespace) },
          withSignal(signal),
        )) as VeleroObject;
        return toRestoreInfo(veleroObject(created, 'createRestore'));
      });
    } catch (error) {
      if (isAdapterError(error) && error.code === 'Conflict') return this.getRestore(spec.name, options);
      throw error;
    }
  }

  getRestore(name: string, options?: CallOptions): Promise<RestoreInfo> {
    return this.guard.call('getRestore', options, async (signal) => {
      const restore = (await this.apis.custom.getNamespacedCustomObject(
        { group, version, namespace: this.namespace, plural: 'restores', name },
        withSignal(signal),
      )) as VeleroObject;
      return toRestoreInfo(veleroObject(restore, 'getRestore'));
    });
  }

  async backupDeployments(backupName: string, namespaces: readonly string[], options?: CallOptions): Promise<BackedUpDeployment[]> {
    // One deadline for the whole exchange: create the request, wait for Velero, download, read.
    const timeoutInMs = options?.timeoutInMs ?? 60_000;
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutInMs), ...(options?.abortSignal ? [options.abortSignal] : [])]);
    const each = { abortSignal: signal, timeoutInMs };
    const name = `aksdr-${backupName}`.slice(0, 230) + `-${randomBytes(4).toString('hex')}`;
    await this.guard.call('createDownloadRequest', each, (s) =>
      this.apis.custom.createNamespacedCustomObject(
        {
          group,
          version,
          namespace: this.namespace,
          plural: 'downloadrequests',
          body: { apiVersion: `${group}/${version}`, kind: 'DownloadRequest', metadata: { name, namespace: this.namespace, labels: { 'app.kubernetes.io/managed-by': 'aksdr' } }, spec: { target: { kind: 'BackupContents', name: backupName } } },
        },
        withSignal(s),
      ),
    );
    let url: string | undefined;
    try {
      while (!url) {
        const request = (await this.guard.call('getDownloadRequest', each, (s) =>
          this.apis.custom.getNamespacedCustomObject({ group, version, namespace: this.namespace, plural: 'downloadrequests', name }, withSignal(s)),
        )) as VeleroObject;
        url = request.status?.phase === 'Processed' ? str(request.status.downloadURL) : undefined;
        if (!url) await setTimeout(downloadPollInMs, undefined, { signal });
      }
      const response = await fetch(url, { signal, ...(this.download.dispatcher ? { dispatcher: this.download.dispatcher } : {}) });
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel();
        throw new AdapterError(response.status === 403 || response.status === 404 ? 'NotFound' : 'Unavailable', `downloading the contents of backup ${backupName}: object storage answered HTTP ${response.status}`, { target: 'kubernetes', operation: 'backupDeployments', statusCode: response.status });
      }
      return await readBackupDeployments(response.body, namespaces, this.download.limits, signal);
    } catch (error) {
      if (isAdapterError(error)) throw error;
      if (signal.aborted && !options?.abortSignal?.aborted) {
        throw new AdapterError('Timeout', `the contents of backup ${backupName} did not arrive within ${timeoutInMs} ms (Velero did not process the DownloadRequest ${name}, or the download was slow)`, { target: 'kubernetes', operation: 'backupDeployments', cause: error });
      }
      if (error instanceof BackupArchiveError) throw new AdapterError('Unknown', `backup ${backupName}: ${error.message}`, { target: 'kubernetes', operation: 'backupDeployments', cause: error });
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new AdapterError('Unavailable', `downloading the contents of backup ${backupName}: ${error instanceof Error ? error.message : String(error)}`, { target: 'kubernetes', operation: 'backupDeployments', cause: error });
    }
  }

  listRestores(options?: CallOptions): Promise<RestoreInfo[]> {
    return this.guard.call('listRestores', options, async (signal) => {
      const list = (await this.apis.custom.listNamespacedCustomObject({ group, version, namespace: this.namespace, plural: 'restores' }, withSignal(signal))) as {
        items?: VeleroObject[];
      };
      return itemsOf(list, 'listRestores').map((item) => toRestoreInfo(veleroObject(item, 'listRestores')));
    });
  }
}

export function restoreBody(spec: RestoreSpec, namespace: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (spec.backupName) body.backupName = spec.backupName;
  if (spec.scheduleName) body.scheduleName = spec.scheduleName;
  if (spec.includedNamespaces) body.includedNamespaces = spec.includedNamespaces;
  if (spec.namespaceMapping) body.namespaceMapping = spec.namespaceMapping;
  if (spec.restorePVs !== undefined) body.restorePVs = spec.restorePVs;
  if (spec.existingResourcePolicy) body.existingResourcePolicy = spec.existingResourcePolicy;
  return {
    apiVersion: `${group}/${version}`,
    kind: 'Restore',
    metadata: { name: spec.name, namespace, labels: { 'app.kubernetes.io/managed-by': 'aksdr' } },
    spec: body,
  };
}

export function toBackupInfo(backup: VeleroObject): BackupInfo {
  const status = backup.status ?? {};
  const location = str(backup.spec?.storageLocation) ?? str(backup.metadata?.labels?.['velero.io/storage-location']);
  return {
    name: str(backup.metadata?.name) ?? '',
    phase: str(status.phase) ?? '',
    ...optional('startTimestamp', str(status.startTimestamp)),
    ...optional('completionTimestamp', str(status.completionTimestamp)),
    ...optional('storageLocation', location),
  };
}

export function toRestoreInfo(restore: VeleroObject): RestoreInfo {
  const status = restore.status ?? {};
  const spec = restore.spec ?? {};
  const validationErrors = Array.isArray(status.validationErrors) ? status.validationErrors.filter((e): e is string => typeof e === 'string') : undefined;
  return {
    name: str(restore.metadata?.name) ?? '',
    phase: str(status.phase) ?? '',
    ...optional('backupName', str(spec.backupName)),
    ...optional('scheduleName', str(spec.scheduleName)),
    // Velero omits zero counts (`omitempty`).
    errors: num(status.errors) ?? 0,
    warnings: num(status.warnings) ?? 0,
    ...optional('failureReason', str(status.failureReason)),
    ...(validationErrors && validationErrors.length > 0 ? { validationErrors } : {}),
    ...optional('startTimestamp', str(status.startTimestamp)),
    ...optional('completionTimestamp', str(status.completionTimestamp)),
  };
}

/**
 * A Velero object as read: an object whose metadata, spec and status are objects (or absent). Its
 * fields are read with `str`/`num`, so a field of the wrong type counts as absent.
 */
function veleroObject(value: unknown, operation: string): VeleroObject {
  const read = answerFields(operation, 'kubernetes');
  const object = read.object(value, 'the Velero object');
  const metadata = read.optionalObject(object.metadata, 'metadata');
  read.optionalObject(metadata?.labels, 'metadata.labels');
  read.optionalObject(object.spec, 'spec');
  read.optionalObject(object.status, 'status');
  return object;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
