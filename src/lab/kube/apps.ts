// apps/v1 Deployments. At the `fast` pace the deployment controller settles instantly: every write
// that changes the spec reads back with all replicas updated, ready and available; at `azure` pace
// the status follows pods that need room and time to start (workload-controller.ts). Either way
// `workloads-unavailable` is a read-time view. `/status` and `/scale` subresources are served.
import { createHash } from 'node:crypto';
import type { LabContext } from '../context.js';
import { json, type LabReply } from '../http/handler.js';
import { coreTypes, type KubeObject } from '../world/kube-store.js';
import { deploymentView } from './faults.js';
import { JsonPatchError } from './json-patch.js';
import { applyPatch, decodeBody, isPlainObject, patchKindOf } from './request-body.js';
import { viewOf, type ResourceDef, type SubresourceContext } from './resource-def.js';
import { invalid, notFound, statusReply, type FieldProblem } from './status.js';
import { ageOf } from './tables.js';
import { withPodTemplateDefaults } from './pod-template-defaults.js';
import { kubeTimestamp } from './time-format.js';

function replicasOf(obj: KubeObject): number {
  return typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 1;
}

/**
 * Status as the deployment controller leaves it once the rollout has finished at `nowMs`: both
 * conditions with their times, the Progressing one naming the ReplicaSet by its pod-template-hash.
 */
export function settledDeploymentStatus(obj: KubeObject, nowMs: number): Record<string, unknown> {
  const replicas = replicasOf(obj);
  const at = kubeTimestamp(nowMs);
  const replicaSet = `${obj.metadata.name}-${podTemplateHash(obj.spec?.template)}`;
  return {
    observedGeneration: obj.metadata.generation ?? 1,
    ...(replicas > 0 ? { replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas } : {}),
    conditions: [
      { type: 'Available', status: 'True', lastUpdateTime: at, lastTransitionTime: at, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', lastUpdateTime: at, lastTransitionTime: at, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${replicaSet}" has successfully progressed.` },
    ],
  };
}

/**
 * The status a write leaves: at the `fast` pace the settled one; at `azure` pace the previous one
 * (none for a new Deployment) until the deployment controller catches up (workload-controller.ts).
 */
export function statusAfterWrite(ctx: LabContext, obj: KubeObject, previousStatus: Record<string, unknown> | undefined): Record<string, unknown> {
  return ctx.timing.pace === 'azure' ? (previousStatus ?? {}) : settledDeploymentStatus(obj, ctx.clock.now());
}

/** A pod-template-hash as the controller writes it: ten characters from its safe alphabet. */
export function podTemplateHash(template: unknown): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const digest = createHash('sha256').update(JSON.stringify(template ?? {})).digest();
  return Array.from(digest.subarray(0, 10), (byte) => alphabet[byte % alphabet.length]).join('');
}

function validateDeployment(obj: KubeObject): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const spec = obj.spec;
  if (!isPlainObject(spec)) return [{ field: 'spec', type: 'Required value', detail: 'spec is required' }];
  if (spec.replicas !== undefined && !(Number.isInteger(spec.replicas) && (spec.replicas as number) >= 0)) {
    problems.push({ field: 'spec.replicas', type: 'Invalid value', detail: `${JSON.stringify(spec.replicas)}: must be greater than or equal to 0` });
  }
  const selector = isPlainObject(spec.selector) && isPlainObject(spec.selector.matchLabels) ? (spec.selector.matchLabels as Record<string, string>) : undefined;
  if (!selector || Object.keys(selector).length === 0) problems.push({ field: 'spec.selector', type: 'Required value', detail: 'a non-empty selector is required' });
  const template = isPlainObject(spec.template) ? spec.template : undefined;
  const templateLabels = template && isPlainObject(template.metadata) && isPlainObject(template.metadata.labels) ? (template.metadata.labels as Record<string, string>) : {};
  if (selector && Object.entries(selector).some(([k, v]) => templateLabels[k] !== v)) {
    problems.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', detail: `${JSON.stringify(templateLabels)}: \`selector\` does not match template \`labels\`` });
  }
  const containers = template && isPlainObject(template.spec) ? template.spec.containers : undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    problems.push({ field: 'spec.template.spec.containers', type: 'Required value', detail: 'at least one container is required' });
  } else {
    containers.forEach((c, i) => {
      if (!isPlainObject(c) || typeof c.name !== 'string' || c.name === '') problems.push({ field: `spec.template.spec.containers[${i}].name`, type: 'Required value', detail: 'name is required' });
      if (!isPlainObject(c) || typeof c.image !== 'string' || c.image === '') problems.push({ field: `spec.template.spec.containers[${i}].image`, type: 'Required value', detail: 'image is required' });
    });
  }
  return problems;
}

function scaleOf(obj: KubeObject): Record<string, unknown> {
  const matchLabels = (obj.spec?.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: replicasOf(obj) },
    status: { replicas: typeof obj.status?.replicas === 'number' ? obj.status.replicas : 0, selector: Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',') },
  };
}

function serveScale({ scope, request, def, namespace, name }: SubresourceContext): LabReply {
  const { store } = scope.cluster;
  const existing = store.get(def.type, namespace, name);
  if (!existing) return notFound(def.type.group, def.type.plural, name);
  if (request.method === 'GET') return json(200, scaleOf(viewOf(def, existing, scope)));
  if (request.method !== 'PUT' && request.method !== 'PATCH') return statusReply('MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const patchKind = patchKindOf(request).kind;
  if (request.method === 'PATCH' && patchKind === 'unsupported') return statusReply('UnsupportedMediaType', 'the lab accepts JSON, merge and strategic-merge patches');
  const decoded = decodeBody(request);
  if (!decoded.ok) return statusReply(decoded.unsupportedMediaType ? 'UnsupportedMediaType' : 'BadRequest', decoded.message);
  let wanted: unknown;
  try {
    wanted = request.method === 'PUT' || patchKind === 'unsupported' ? decoded.value : applyPatch(patchKind, scaleOf(existing), decoded.value);
  } catch (error) {
    if (error instanceof JsonPatchError) return invalid('Scale', 'autoscaling', name, [{ field: '', type: 'Invalid value', detail: error.message }]);
    throw error;
  }
  const replicas = isPlainObject(wanted) && isPlainObject(wanted.spec) ? wanted.spec.replicas : undefined;
  if (!Number.isInteger(replicas) || (replicas as number) < 0) {
    return invalid('Scale', 'autoscaling', name, [{ field: 'spec.replicas', type: 'Invalid value', detail: `${JSON.stringify(replicas)}: must be greater than or equal to 0` }]);
  }
  const updated = store.mutate(def.type, namespace, name, (obj) => {
    obj.spec = { ...obj.spec, replicas };
    obj.metadata.generation = (obj.metadata.generation ?? 1) + (replicas === replicasOf(existing) ? 0 : 1);
    obj.status = statusAfterWrite(scope.ctx, obj, existing.status);
  });
  if (!updated) return notFound(def.type.group, def.type.plural, name);
  return json(200, scaleOf(viewOf(def, updated, scope)));
}

export const deploymentsDef: ResourceDef = {
  type: coreTypes.deployments,
  kind: 'Deployment',
  listKind: 'DeploymentList',
  singular: 'deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update'],
  statusSubresource: true,
  deleteReturnsObject: false,
  validate: validateDeployment,
  prepare(obj, previous, scope) {
    obj.spec = { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, ...obj.spec };
    obj.spec.template = withPodTemplateDefaults(obj.spec.template);
    // Generation again after defaulting, so a PUT that merely omits defaults is not a change.
    const specChanged = !previous || JSON.stringify(previous.spec) !== JSON.stringify(obj.spec);
    obj.metadata.generation = previous ? (previous.metadata.generation ?? 1) + (specChanged ? 1 : 0) : 1;
    if (specChanged || !previous?.status) obj.status = statusAfterWrite(scope.ctx, obj, previous?.status);
  },
  view: deploymentView,
  subresources: { scale: serveScale },
  table: {
    columns: [
      { name: 'Ready', type: 'string', description: 'Number of the pod with ready state' },
      { name: 'Up-to-date', type: 'string', description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.' },
      { name: 'Available', type: 'string', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.' },
      { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
    ],
    cells: (obj, nowMs) => {
      const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
      const status = obj.status ?? {};
      return [`${num(status.readyReplicas)}/${replicasOf(obj)}`, num(status.updatedReplicas), num(status.availableReplicas), ageOf(obj.metadata.creationTimestamp, nowMs)];
    },
  },
};
