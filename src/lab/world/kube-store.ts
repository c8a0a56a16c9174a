// An in-memory Kubernetes object store for one emulated cluster: objects keyed by
// group/version, plural, namespace and name, with resourceVersions and uids like the real API server.
import { randomUUID } from 'node:crypto';

export interface KubeMetadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Identifies a resource type: `''` is the core group. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
}

function key(type: ResourceType, namespace: string | undefined, name: string): string {
  return `${type.group}/${type.version}/${type.plural}/${namespace ?? ''}/${name}`;
}

export class KubeStore {
  private readonly objects = new Map<string, KubeObject>();
  private revision = 1;

  constructor(private readonly now: () => number) {}

  get resourceVersion(): string {
    return String(this.revision);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(key(type, namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  /** Objects of a type, in one namespace or (namespace undefined) all of them, sorted by namespace/name. */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const prefix = `${type.group}/${type.version}/${type.plural}/`;
    const out: KubeObject[] = [];
    for (const [k, obj] of this.objects) {
      if (!k.startsWith(prefix)) continue;
      if (namespace !== undefined && obj.metadata.namespace !== namespace) continue;
      out.push(structuredClone(obj));
    }
    return out.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`),
    );
  }

  /** Create; returns undefined when the name is taken (the caller answers 409 AlreadyExists). */
  create(type: ResourceType, obj: KubeObject): KubeObject | undefined {
    const k = key(type, obj.metadata.namespace, obj.metadata.name);
    if (this.objects.has(k)) return undefined;
    const stored = structuredClone(obj);
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp ??= new Date(this.now()).toISOString();
    stored.metadata.generation = 1;
    stored.metadata.resourceVersion = String(++this.revision);
    this.objects.set(k, stored);
    return structuredClone(stored);
  }

  /** Replace an existing object, keeping its identity fields. */
  update(type: ResourceType, obj: KubeObject): KubeObject | undefined {
    const k = key(type, obj.metadata.namespace, obj.metadata.name);
    const existing = this.objects.get(k);
    if (!existing) return undefined;
    const stored = structuredClone(obj);
    stored.metadata.uid = existing.metadata.uid;
    stored.metadata.creationTimestamp = existing.metadata.creationTimestamp;
    const specChanged = JSON.stringify(existing.spec) !== JSON.stringify(stored.spec);
    stored.metadata.generation = (existing.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    stored.metadata.resourceVersion = String(++this.revision);
    this.objects.set(k, stored);
    return structuredClone(stored);
  }

  /** Change an object in place through a function; returns the new object. */
  mutate(type: ResourceType, namespace: string | undefined, name: string, change: (obj: KubeObject) => void): KubeObject | undefined {
    const existing = this.get(type, namespace, name);
    if (!existing) return undefined;
    change(existing);
    return this.update(type, existing);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const k = key(type, namespace, name);
    const existing = this.objects.get(k);
    if (!existing) return undefined;
    this.objects.delete(k);
    this.revision += 1;
    return existing;
  }
}

export const coreTypes = {
  nodes: { group: '', version: 'v1', plural: 'nodes' },
  namespaces: { group: '', version: 'v1', plural: 'namespaces' },
  deployments: { group: 'apps', version: 'v1', plural: 'deployments' },
} as const satisfies Record<string, ResourceType>;

export const veleroTypes = {
  backups: { group: 'velero.io', version: 'v1', plural: 'backups' },
  restores: { group: 'velero.io', version: 'v1', plural: 'restores' },
  schedules: { group: 'velero.io', version: 'v1', plural: 'schedules' },
  backupstoragelocations: { group: 'velero.io', version: 'v1', plural: 'backupstoragelocations' },
  downloadrequests: { group: 'velero.io', version: 'v1', plural: 'downloadrequests' },
} as const satisfies Record<string, ResourceType>;
