// Core-group resources: Nodes (read-only, kept in step with the agent pools by the world) and
// Namespaces (create and delete; deleting one removes the objects in it at once).
import type { KubeObject } from '../world/kube-store.js';
import { coreTypes, veleroTypes } from '../world/kube-store.js';
import { nodeView } from './faults.js';
import { textOf } from './request-body.js';
import type { ClusterScope, ResourceDef } from './resource-def.js';
import { ageOf } from './tables.js';

function readyStatus(node: KubeObject): string {
  const conditions = Array.isArray(node.status?.conditions) ? (node.status.conditions as Record<string, unknown>[]) : [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const base = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  return node.spec?.unschedulable === true ? `${base},SchedulingDisabled` : base;
}

/** ROLES as kubectl's node printer derives them from `node-role.kubernetes.io/*` and `kubernetes.io/role`. */
function roles(node: KubeObject): string {
  const labels = node.metadata.labels ?? {};
  const found = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('node-role.kubernetes.io/')) found.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role' && value !== '') found.add(value);
  }
  return found.size === 0 ? '<none>' : [...found].sort().join(',');
}

export const nodesDef: ResourceDef = {
  type: coreTypes.nodes,
  kind: 'Node',
  listKind: 'NodeList',
  singular: 'node',
  namespaced: false,
  shortNames: ['no'],
  verbs: ['get', 'list'],
  fieldLabels: { 'spec.unschedulable': (obj) => String(obj.spec?.unschedulable === true) },
  statusSubresource: true,
  deleteReturnsObject: true,
  view: nodeView,
  table: {
    columns: [
      { name: 'Status', type: 'string', description: 'The status of the node' },
      { name: 'Roles', type: 'string', description: 'The roles of the node' },
      { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
      { name: 'Version', type: 'string', description: 'Kubelet Version reported by the node.' },
    ],
    cells: (obj, nowMs) => [readyStatus(obj), roles(obj), ageOf(obj.metadata.creationTimestamp, nowMs), (obj.status?.nodeInfo as { kubeletVersion?: string } | undefined)?.kubeletVersion ?? ''],
  },
};

const namespacedTypes = [coreTypes.deployments, ...Object.values(veleroTypes)];

export const namespacesDef: ResourceDef = {
  type: coreTypes.namespaces,
  kind: 'Namespace',
  listKind: 'NamespaceList',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'],
  fieldLabels: { 'status.phase': (obj) => textOf(obj.status?.phase) },
  statusSubresource: true,
  deleteReturnsObject: true,
  prepare(obj) {
    obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
    obj.status = { phase: 'Active', ...obj.status };
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
  },
  onDelete(obj: KubeObject, scope: ClusterScope) {
    // The namespace controller finishes at once in the lab: nothing is left Terminating.
    const { store } = scope.cluster;
    for (const type of namespacedTypes) {
      for (const item of store.list(type, obj.metadata.name)) store.delete(type, obj.metadata.name, item.metadata.name);
    }
  },
  table: {
    columns: [
      { name: 'Status', type: 'string', description: 'The status of the namespace' },
      { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
    ],
    cells: (obj, nowMs) => [textOf(obj.status?.phase, 'Active'), ageOf(obj.metadata.creationTimestamp, nowMs)],
  },
};
