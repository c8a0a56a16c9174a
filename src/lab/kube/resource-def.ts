// What the lab's API server knows about one resource type: names for discovery, the table columns
// kubectl prints, validation, the instantly-settling controller behaviour, and how region faults
// change what clients read back. `resource-crud.ts` serves every type from these definitions.
import type { LabReply, LabRequest } from '../http/handler.js';
import type { LabContext } from '../context.js';
import type { ClusterState } from '../world/world.js';
import type { KubeObject, ResourceType } from '../world/kube-store.js';
import type { FieldLabels } from './selectors.js';
import type { FieldProblem } from './status.js';

export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'watch';

/** The cluster a request is for, with the lab it lives in. */
export interface ClusterScope {
  ctx: LabContext;
  cluster: ClusterState;
}

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'date' | 'boolean' | 'number';
  format?: 'name' | '';
  description?: string;
  priority?: number;
}

export interface TableSpec {
  /** Columns after NAME (which every table starts with). */
  columns: TableColumn[];
  /** Cells for those columns (NAME is added), given the lab clock's now. */
  cells(obj: KubeObject, nowMs: number): unknown[];
}

export interface SubresourceContext {
  scope: ClusterScope;
  request: LabRequest;
  def: ResourceDef;
  namespace: string | undefined;
  name: string;
}

export type SubresourceHandler = (context: SubresourceContext) => LabReply;

export interface ResourceDef {
  type: ResourceType;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: Verb[];
  /** Field labels usable in `fieldSelector` (metadata.name / metadata.namespace when absent). */
  fieldLabels?: FieldLabels;
  table: TableSpec;
  /** Problems with a create/replace body beyond the identity checks every type gets. */
  validate?(obj: KubeObject): FieldProblem[];
  /** Defaults and instantly-settling controllers: runs on every create, replace and patch before storing. */
  prepare?(obj: KubeObject, previous: KubeObject | undefined, scope: ClusterScope): void;
  /** How an object reads back in this cluster right now (region faults); the store keeps the truth. */
  view?(obj: KubeObject, scope: ClusterScope): KubeObject;
  /** True when `status` is a subresource: writes to the main resource keep the stored status. */
  statusSubresource: boolean;
  subresources?: Record<string, SubresourceHandler>;
  /** Side effects of a delete (a namespace takes its objects with it). */
  onDelete?(obj: KubeObject, scope: ClusterScope): void;
  /** DELETE answers with the object (custom resources, namespaces) rather than a Success Status. */
  deleteReturnsObject: boolean;
}

export function groupVersion(def: ResourceDef): string {
  return def.type.group === '' ? def.type.version : `${def.type.group}/${def.type.version}`;
}

export function viewOf(def: ResourceDef, obj: KubeObject, scope: ClusterScope): KubeObject {
  return def.view ? def.view(obj, scope) : obj;
}
