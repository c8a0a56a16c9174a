// The four Velero custom resources (velero.io/v1, namespaced, no status subresource: Velero writes
// `status` with ordinary PUT/PATCH). Validation mirrors the CRD schemas for the fields the lab's
// clients use: types of the common spec fields and the `status.phase` enums.
import { veleroTypes, type KubeObject, type ResourceType } from '../world/kube-store.js';
import { backupView, scheduleView } from './faults.js';
import { backupStorageLocationView } from './velero-region.js';
import { isPlainObject, textOf } from './request-body.js';
import type { ResourceDef, TableSpec } from './resource-def.js';
import type { FieldProblem } from './status.js';
import { ageOf, ageOnlyTable } from './tables.js';

export const restorePhases = ['New', 'FailedValidation', 'InProgress', 'WaitingForPluginOperations', 'WaitingForPluginOperationsPartiallyFailed', 'Finalizing', 'FinalizingPartiallyFailed', 'Completed', 'PartiallyFailed', 'Failed'] as const;
export const backupPhases = ['New', 'Queued', 'ReadyToStart', 'FailedValidation', 'InProgress', 'WaitingForPluginOperations', 'WaitingForPluginOperationsPartiallyFailed', 'Finalizing', 'FinalizingPartiallyFailed', 'Completed', 'PartiallyFailed', 'Failed', 'Deleting'] as const;
const schedulePhases = ['New', 'Enabled', 'FailedValidation'] as const;
const bslPhases = ['Available', 'Unavailable'] as const;

interface FieldRules {
  strings?: string[];
  stringLists?: string[];
  booleans?: string[];
  objects?: string[];
  phases: readonly string[];
}

function validator(rules: FieldRules): (obj: KubeObject) => FieldProblem[] {
  return (obj) => {
    const problems: FieldProblem[] = [];
    const spec: unknown = obj.spec;
    if (spec !== undefined && !isPlainObject(spec)) return [{ field: 'spec', type: 'Invalid value', detail: `"${typeof spec}": spec in body must be of type object` }];
    const fields = spec ?? {};
    const wrongType = (name: string, type: string): void => {
      problems.push({ field: `spec.${name}`, type: 'Invalid value', detail: `"${typeof fields[name]}": spec.${name} in body must be of type ${type}` });
    };
    for (const name of rules.strings ?? []) if (fields[name] != null && typeof fields[name] !== 'string') wrongType(name, 'string');
    for (const name of rules.booleans ?? []) if (fields[name] != null && typeof fields[name] !== 'boolean') wrongType(name, 'boolean');
    for (const name of rules.objects ?? []) if (fields[name] != null && !isPlainObject(fields[name])) wrongType(name, 'object');
    for (const name of rules.stringLists ?? []) {
      const value = fields[name];
      if (value != null && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) wrongType(name, 'array');
    }
    const phase = obj.status?.phase;
    if (phase !== undefined && phase !== '' && !rules.phases.includes(textOf(phase))) {
      problems.push({ field: 'status.phase', type: 'Unsupported value', detail: `"${textOf(phase)}": supported values: ${rules.phases.map((p) => `"${p}"`).join(', ')}` });
    }
    return problems;
  };
}

const namespaceFilters = ['includedNamespaces', 'excludedNamespaces', 'includedResources', 'excludedResources'];

function veleroDef(type: ResourceType, kind: string, extra: Partial<ResourceDef> & { table: TableSpec }): ResourceDef {
  return {
    type,
    kind,
    listKind: `${kind}List`,
    singular: kind.toLowerCase(),
    namespaced: true,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'],
    statusSubresource: false,
    deleteReturnsObject: true,
    ...extra,
  };
}

export const backupsDef = veleroDef(veleroTypes.backups, 'Backup', {
  table: ageOnlyTable,
  view: backupView,
  validate: validator({ strings: ['storageLocation', 'ttl'], stringLists: namespaceFilters, booleans: ['includeClusterResources', 'snapshotVolumes'], phases: backupPhases }),
});

export const restoresDef = veleroDef(veleroTypes.restores, 'Restore', {
  table: ageOnlyTable,
  validate: validator({
    strings: ['backupName', 'scheduleName', 'existingResourcePolicy', 'itemOperationTimeout'],
    stringLists: namespaceFilters,
    booleans: ['includeClusterResources', 'restorePVs', 'preserveNodePorts'],
    objects: ['namespaceMapping', 'labelSelector'],
    phases: restorePhases,
  }),
});

export const schedulesDef = veleroDef(veleroTypes.schedules, 'Schedule', {
  view: scheduleView,
  validate: validator({ strings: ['schedule'], booleans: ['paused', 'useOwnerReferencesInBackup', 'skipImmediately'], objects: ['template'], phases: schedulePhases }),
  table: {
    columns: [
      { name: 'Status', type: 'string', description: 'Status of the schedule' },
      { name: 'Schedule', type: 'string', description: 'A Cron expression defining when to run the Backup' },
      { name: 'LastBackup', type: 'date', description: 'The last time a Backup was run for this schedule' },
      { name: 'Age', type: 'date' },
      { name: 'Paused', type: 'boolean' },
    ],
    cells: (obj, nowMs) => [
      obj.status?.phase ?? null,
      obj.spec?.schedule ?? null,
      obj.status?.lastBackup ? ageOf(obj.status.lastBackup, nowMs) : null,
      ageOf(obj.metadata.creationTimestamp, nowMs),
      obj.spec?.paused ?? null,
    ],
  },
});

export const backupStorageLocationsDef = veleroDef(veleroTypes.backupstoragelocations, 'BackupStorageLocation', {
  shortNames: ['bsl'],
  view: backupStorageLocationView,
  validate: validator({ strings: ['provider'], booleans: ['default'], objects: ['objectStorage', 'config'], phases: bslPhases }),
  table: {
    columns: [
      { name: 'Phase', type: 'string', description: 'Backup Storage Location status such as Available/Unavailable' },
      { name: 'Last Validated', type: 'date', description: 'LastValidationTime is the last time the backup store location was validated' },
      { name: 'Age', type: 'date' },
      { name: 'Default', type: 'boolean', description: 'Default backup storage location' },
    ],
    cells: (obj, nowMs) => [
      obj.status?.phase ?? null,
      obj.status?.lastValidationTime ? ageOf(obj.status.lastValidationTime, nowMs) : null,
      ageOf(obj.metadata.creationTimestamp, nowMs),
      obj.spec?.default ?? null,
    ],
  },
});

const downloadRequestPhases = ['New', 'Processed'] as const;
const downloadTargetKinds = ['BackupLog', 'BackupContents', 'BackupVolumeSnapshots', 'BackupItemOperations', 'BackupResourceList', 'BackupResults', 'RestoreLog', 'RestoreResults', 'RestoreResourceList', 'RestoreItemOperations', 'CSIBackupVolumeSnapshots', 'CSIBackupVolumeSnapshotContents', 'BackupVolumeInfos', 'RestoreVolumeInfo'];

/** DownloadRequest: `spec.target` (kind from Velero's enum, name) is required, as the CRD says. */
function validateDownloadRequest(obj: KubeObject): FieldProblem[] {
  const problems = validator({ objects: ['target'], phases: downloadRequestPhases })(obj);
  if (problems.length > 0) return problems;
  const target: unknown = obj.spec?.target;
  if (!isPlainObject(target)) return [{ field: 'spec.target', type: 'Required value', detail: 'spec.target in body is required' }];
  if (typeof target.kind !== 'string' || !downloadTargetKinds.includes(target.kind)) {
    problems.push({ field: 'spec.target.kind', type: 'Unsupported value', detail: `${JSON.stringify(target.kind)}: supported values: ${downloadTargetKinds.map((k) => `"${k}"`).join(', ')}` });
  }
  if (typeof target.name !== 'string') problems.push({ field: 'spec.target.name', type: 'Required value', detail: 'spec.target.name in body is required' });
  return problems;
}

export const downloadRequestsDef = veleroDef(veleroTypes.downloadrequests, 'DownloadRequest', { table: ageOnlyTable, validate: validateDownloadRequest });

export const veleroDefs: ResourceDef[] = [backupsDef, restoresDef, schedulesDef, backupStorageLocationsDef, downloadRequestsDef];
