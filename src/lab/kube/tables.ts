// `meta.k8s.io/v1` Table responses: what kubectl asks for (`Accept: ...;as=Table;v=v1;g=meta.k8s.io`)
// so `kubectl get` prints the server's columns. Ages are computed on the lab clock, server side,
// as the real server does for CRD `date` printer columns.
import type { KubeObject } from '../world/kube-store.js';
import type { ResourceDef } from './resource-def.js';

export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io');
  });
}

/** `k8s.io/apimachinery/pkg/util/duration.HumanDuration`: 45s, 5m3s, 3h20m, 4d2h, 400d. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${days / 365}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

/** Age of a timestamp on the lab clock, `<unknown>` when absent (kubectl's wording). */
export function ageOf(timestamp: unknown, nowMs: number): string {
  if (typeof timestamp !== 'string') return '<unknown>';
  const at = Date.parse(timestamp);
  return Number.isNaN(at) ? '<unknown>' : humanDuration(nowMs - at);
}

export type IncludeObject = 'None' | 'Object' | 'Metadata';

export function includeObjectOf(url: URL): IncludeObject {
  const value = url.searchParams.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  const { name, namespace, uid, resourceVersion, creationTimestamp, labels, annotations, generation } = obj.metadata;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { name, namespace, uid, resourceVersion, generation, creationTimestamp, labels, annotations },
  };
}

export function toTable(def: ResourceDef, objects: KubeObject[], resourceVersion: string, nowMs: number, include: IncludeObject, listMeta: Record<string, unknown> = {}): unknown {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion, ...listMeta },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
      ...def.table.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 })),
    ],
    rows: objects.map((obj) => {
      const object = rowObject(obj, include);
      return { cells: [obj.metadata.name, ...def.table.cells(obj, nowMs)], ...(object === undefined ? {} : { object }) };
    }),
  };
}

/** NAME AGE: the default for custom resources without printer columns (Backup, Restore). */
export const ageOnlyTable = {
  columns: [{ name: 'Age', type: 'date' as const, description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' }],
  cells: (obj: KubeObject, nowMs: number): unknown[] => [ageOf(obj.metadata.creationTimestamp, nowMs)],
};
