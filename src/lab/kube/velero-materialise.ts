// Applying a backup's contents to the restore's cluster, as Velero's restore does for the kinds
// the lab models: namespaces are created when missing; a Deployment that is absent is created
// (labelled with the backup and restore names, settled and available); one that exists is left
// alone with a warning, or updated when `existingResourcePolicy: update`.
import { coreTypes, type KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import { settledDeploymentStatus } from './apps.js';
import { isPlainObject } from './request-body.js';
import type { BackupSnapshot } from './velero-backups.js';

/**
 * Velero's restore results (`pkg/util/results.Result`), the messages behind the status's
 * `errors`/`warnings` counts: Velero keeps them in object storage (`velero restore describe`
 * fetches them), not in the Restore's status.
 */
export interface RestoreResult {
  velero: string[];
  cluster: string[];
  namespaces: Record<string, string[]>;
}

export interface RestoreOutcome {
  itemsRestored: number;
  totalItems: number;
  warnings: number;
  errors: number;
  results: { errors: RestoreResult; warnings: RestoreResult };
}

const emptyResult = (): RestoreResult => ({ velero: [], cluster: [], namespaces: {} });
function add(result: RestoreResult, namespace: string, message: string): void {
  (result.namespaces[namespace] ??= []).push(message);
}

/** How many items a restore of this snapshot touches (its filters and mapping applied). */
export function restoreItemCount(restore: KubeObject, snapshot: BackupSnapshot): number {
  const { namespaces, deployments } = plan(restore, snapshot);
  return namespaces.length + deployments.length;
}

export interface MaterialiseOptions {
  restoreName: string;
  backupName: string;
  /** How many trailing Deployments fail to restore (restore-fails with PartiallyFailed). */
  failingDeployments: number;
  /** The lab clock's now: when the restored Deployments' conditions changed. */
  nowMs: number;
  /**
   * `fast` pace: restored Deployments read back settled. Otherwise they come back as Velero creates
   * them, without a status, and the deployment controller starts their pods.
   */
  settle: boolean;
}

function selected(list: unknown, value: string): boolean | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.includes(value) || list.includes('*');
}

/** The snapshot narrowed by the restore's namespace filters and mapping, and its label selector. */
function plan(restore: KubeObject, snapshot: BackupSnapshot): { namespaces: string[]; deployments: KubeObject[] } {
  const spec = restore.spec ?? {};
  const mapping = isPlainObject(spec.namespaceMapping) ? (spec.namespaceMapping as Record<string, string>) : {};
  const keepNamespace = (ns: string): boolean => selected(spec.includedNamespaces, ns) !== false && selected(spec.excludedNamespaces, ns) !== true;
  const resourcesOk = (resource: string): boolean => selected(spec.includedResources, resource) !== false && selected(spec.excludedResources, resource) !== true;
  const matchLabels = isPlainObject(spec.labelSelector) && isPlainObject(spec.labelSelector.matchLabels) ? (spec.labelSelector.matchLabels as Record<string, string>) : {};
  const namespaces = resourcesOk('namespaces') ? snapshot.namespaces.filter(keepNamespace).map((ns) => mapping[ns] ?? ns) : [];
  const deployments = resourcesOk('deployments') || resourcesOk('deployments.apps')
    ? snapshot.deployments
        .filter((d) => keepNamespace(d.metadata.namespace ?? '') && Object.entries(matchLabels).every(([k, v]) => d.metadata.labels?.[k] === v))
        .map((d) => ({ ...structuredClone(d), metadata: { ...structuredClone(d.metadata), namespace: mapping[d.metadata.namespace ?? ''] ?? d.metadata.namespace ?? '' } }))
    : [];
  return { namespaces, deployments };
}

export function materialise(cluster: ClusterState, restore: KubeObject, snapshot: BackupSnapshot, options: MaterialiseOptions): RestoreOutcome {
  const { store } = cluster;
  const { namespaces, deployments } = plan(restore, snapshot);
  const veleroLabels = { 'velero.io/backup-name': options.backupName, 'velero.io/restore-name': options.restoreName };
  const outcome: RestoreOutcome = { itemsRestored: 0, totalItems: namespaces.length + deployments.length, warnings: 0, errors: 0, results: { errors: emptyResult(), warnings: emptyResult() } };
  const update = restore.spec?.existingResourcePolicy === 'update';

  const ensureNamespace = (name: string): void => {
    if (store.get(coreTypes.namespaces, undefined, name)) return;
    store.create(coreTypes.namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...veleroLabels } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  };
  for (const ns of namespaces) {
    ensureNamespace(ns);
    outcome.itemsRestored += 1;
  }
  deployments.forEach((item, index) => {
    const namespace = item.metadata.namespace ?? 'default';
    if (index >= deployments.length - options.failingDeployments) {
      outcome.errors += 1;
      add(outcome.results.errors, namespace, `error restoring deployments.apps/${namespace}/${item.metadata.name}: Internal error occurred: failed calling webhook "validate.kyverno.svc-fail": context deadline exceeded (lab fault restore-fails)`);
      return;
    }
    ensureNamespace(namespace);
    const existing = store.get(coreTypes.deployments, namespace, item.metadata.name);
    outcome.itemsRestored += 1;
    if (existing && !update) {
      outcome.warnings += 1;
      add(outcome.results.warnings, namespace, `could not restore, Deployment "${item.metadata.name}" already exists. Warning: the in-cluster version is different than the backed-up version`);
      return;
    }
    const labels = { ...item.metadata.labels, ...veleroLabels };
    if (existing) {
      store.mutate(coreTypes.deployments, namespace, item.metadata.name, (obj) => {
        obj.metadata.labels = { ...obj.metadata.labels, ...labels };
        obj.spec = structuredClone(item.spec ?? {});
        obj.metadata.generation = (obj.metadata.generation ?? 1) + (JSON.stringify(existing.spec) === JSON.stringify(obj.spec) ? 0 : 1);
        if (options.settle) obj.status = settledDeploymentStatus(obj, options.nowMs);
      });
      return;
    }
    const created: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...item.metadata, namespace, labels }, spec: structuredClone(item.spec ?? {}) };
    created.metadata.generation = 1;
    created.status = options.settle ? settledDeploymentStatus(created, options.nowMs) : {};
    store.create(coreTypes.deployments, created);
  });
  return outcome;
}
