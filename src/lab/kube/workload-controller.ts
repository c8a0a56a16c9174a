// The deployment controller and the scheduler at Azure's pace (the `fast` pace settles Deployments
// when they are written, apps.ts). The lab does not serve Pods; it keeps, per Deployment, a record
// of each replica's pod — which node it runs on and since when it is Ready — and writes the
// Deployment's status from them the way the real controller does.
//
// The capacity model, kept simple on purpose:
//  - a pod fits on a node that is Ready and has no NoSchedule/NoExecute taint (the lab's pods carry
//    no tolerations), while the node runs fewer pods than its `allocatable.pods` (maxPods) and the
//    pods' summed CPU requests stay within its `allocatable.cpu`. Memory, affinity, topology spread,
//    DaemonSets and the system pods AKS runs are not counted;
//  - pods are placed in Deployment order (creation, then name), each on the first node by name with
//    room; a pod that fits nowhere stays Pending (the Deployment's replica is unavailable);
//  - a placed pod is Ready `timing.podStartMs` after it could start: the later of its creation and
//    its node turning Ready (image pull, container start, readiness probe, not modelled apart);
//  - a pod whose node went away or stopped being Ready is placed again (and starts again);
//  - a change of the pod template restarts every pod at once (the RollingUpdate's surge and
//    maxUnavailable pacing are not modelled; `Available` still uses maxUnavailable, below).
// Status, as pkg/controller/deployment writes it: replicas/updatedReplicas = pods (Pending ones
// too), ready/availableReplicas = Ready pods (minReadySeconds 0), unavailableReplicas = the rest;
// `Available` is True while available ≥ replicas − maxUnavailable (MinimumReplicasAvailable), else
// False (MinimumReplicasUnavailable); `Progressing` is ReplicaSetUpdated while pods start,
// NewReplicaSetAvailable once all are available, False ProgressDeadlineExceeded after
// `progressDeadlineSeconds`. Condition times move only when the condition changes.
import { quantityToScalar } from '@kubernetes/client-node/dist/util.js';
import type { LabContext } from '../context.js';
import { coreTypes, type KubeObject } from '../world/kube-store.js';
import type { ClusterState } from '../world/world.js';
import { podTemplateHash } from './apps.js';
import { nodeReadySince } from './node-lifecycle.js';
import { isPlainObject } from './request-body.js';
import { kubeTimestamp, timestampMs } from './time-format.js';

export interface PodRecord {
  /** When the replica was wanted (the pod created). */
  createdAt: number;
  node?: string;
  /** When it is (or will be) Ready; set once it is placed. */
  readyAt?: number;
  /** Running before the controller first saw its Deployment (seeded): Ready as soon as it is placed. */
  adopted?: boolean;
}

export interface DeploymentPods {
  templateHash: string;
  generation: number;
  /** When the current rollout began (the generation's first sight). */
  rolloutStartedAt: number;
  pods: PodRecord[];
}

/** Per cluster, by `namespace/name`. */
export type WorkloadState = Map<string, DeploymentPods>;

interface NodeRoom {
  name: string;
  readySince: number;
  podsLeft: number;
  cpuLeft: number;
}

function cpuOf(quantity: unknown): number {
  if (typeof quantity !== 'string' && typeof quantity !== 'number') return 0;
  return Number(quantityToScalar(String(quantity)));
}

/** The CPU a pod of this Deployment requests (the sum of its containers' requests). */
function podCpuRequest(deployment: KubeObject): number {
  const template = isPlainObject(deployment.spec?.template) ? deployment.spec.template : {};
  const containers = isPlainObject(template.spec) && Array.isArray(template.spec.containers) ? template.spec.containers : [];
  return containers.reduce<number>((sum, c) => sum + (isPlainObject(c) && isPlainObject(c.resources) && isPlainObject(c.resources.requests) ? cpuOf(c.resources.requests.cpu) : 0), 0);
}

function schedulable(node: KubeObject): number | undefined {
  const taints = Array.isArray(node.spec?.taints) ? (node.spec.taints as Record<string, unknown>[]) : [];
  if (node.spec?.unschedulable === true || taints.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) return undefined;
  return nodeReadySince(node);
}

function roomOf(node: KubeObject, readySince: number): NodeRoom {
  const allocatable = isPlainObject(node.status?.allocatable) ? node.status.allocatable : {};
  return { name: node.metadata.name, readySince, podsLeft: Number(allocatable.pods ?? 110), cpuLeft: cpuOf(allocatable.cpu) };
}

function replicasOf(obj: KubeObject): number {
  return typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 1;
}

/** maxUnavailable of a RollingUpdate Deployment, resolved as the controller does (a percentage rounds down). */
function maxUnavailableOf(obj: KubeObject, replicas: number): number {
  const strategy = isPlainObject(obj.spec?.strategy) ? obj.spec.strategy : {};
  if (strategy.type === 'Recreate') return 0;
  const value = isPlainObject(strategy.rollingUpdate) ? strategy.rollingUpdate.maxUnavailable : undefined;
  if (typeof value === 'number') return value;
  const percent = typeof value === 'string' && value.endsWith('%') ? Number(value.slice(0, -1)) : 25;
  return Math.floor((replicas * percent) / 100);
}

const key = (obj: KubeObject): string => `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;

/** Move every Deployment of every cluster up to now (azure pace only). */
export function advanceWorkloads(ctx: LabContext): void {
  if (ctx.timing.pace !== 'azure') return;
  for (const cluster of ctx.world.clusters) reconcileCluster(ctx, cluster);
}

function reconcileCluster(ctx: LabContext, cluster: ClusterState): void {
  const now = ctx.clock.now();
  const state = cluster.workloads;
  const deployments = cluster.store
    .list(coreTypes.deployments)
    .sort((a, b) => (timestampMs(a.metadata.creationTimestamp) ?? 0) - (timestampMs(b.metadata.creationTimestamp) ?? 0) || key(a).localeCompare(key(b)));
  const live = new Set(deployments.map(key));
  for (const k of state.keys()) if (!live.has(k)) state.delete(k);

  const nodes = new Map<string, NodeRoom>();
  for (const node of cluster.store.list(coreTypes.nodes).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const since = schedulable(node);
    if (since !== undefined && since <= now) nodes.set(node.metadata.name, roomOf(node, since));
  }

  // Keep the pods that still have a node (and charge them to it), then place the rest in order.
  const entries = deployments.map((d) => ({ deployment: d, entry: podsOf(state, d, now), cpu: podCpuRequest(d) }));
  for (const { entry, cpu } of entries) {
    for (const pod of entry.pods) {
      const room = pod.node ? nodes.get(pod.node) : undefined;
      if (!room) {
        // Its node went away or stopped being Ready: placed again, started again.
        if (pod.node) {
          delete pod.node;
          delete pod.readyAt;
          delete pod.adopted;
        }
        continue;
      }
      room.podsLeft -= 1;
      room.cpuLeft -= cpu;
    }
  }
  for (const { entry, cpu } of entries) {
    for (const pod of entry.pods) {
      if (pod.node) continue;
      const room = [...nodes.values()].find((n) => n.podsLeft >= 1 && n.cpuLeft + 1e-9 >= cpu);
      if (!room) continue;
      room.podsLeft -= 1;
      room.cpuLeft -= cpu;
      pod.node = room.name;
      pod.readyAt = pod.adopted ? room.readySince : Math.max(pod.createdAt, room.readySince) + ctx.timing.podStartMs;
      delete pod.adopted;
    }
  }
  for (const { deployment } of entries) {
    const entry = state.get(key(deployment));
    if (!entry) continue;
    const status = deploymentStatus(deployment, entry, now);
    if (JSON.stringify(status) === JSON.stringify(deployment.status ?? {})) continue;
    cluster.store.mutate(coreTypes.deployments, deployment.metadata.namespace, deployment.metadata.name, (d) => void (d.status = status));
  }
}

/**
 * The Deployment's pod records, brought to its spec: a Deployment seen for the first time with a
 * settled status (seeded, or written before) adopts that many running pods; a new template restarts
 * them all; scaling adds Pending pods or removes the newest (Pending first).
 */
function podsOf(state: WorkloadState, deployment: KubeObject, now: number): DeploymentPods {
  const hash = podTemplateHash(deployment.spec?.template);
  const generation = deployment.metadata.generation ?? 1;
  let entry = state.get(key(deployment));
  if (!entry) {
    const running = deployment.status?.observedGeneration === generation && typeof deployment.status.availableReplicas === 'number' ? deployment.status.availableReplicas : 0;
    entry = { templateHash: hash, generation, rolloutStartedAt: now, pods: Array.from({ length: running }, () => ({ createdAt: 0, adopted: true })) };
    state.set(key(deployment), entry);
  }
  if (entry.templateHash !== hash) entry.pods = entry.pods.map(() => ({ createdAt: now }));
  if (entry.generation !== generation || entry.templateHash !== hash) entry.rolloutStartedAt = now;
  entry.templateHash = hash;
  entry.generation = generation;
  const wanted = replicasOf(deployment);
  while (entry.pods.length < wanted) entry.pods.push({ createdAt: now });
  if (entry.pods.length > wanted) {
    const order = entry.pods.map((p, i) => ({ p, i })).sort((a, b) => Number(a.p.node === undefined) - Number(b.p.node === undefined) || a.p.createdAt - b.p.createdAt || a.i - b.i);
    entry.pods = order.slice(0, wanted).map((o) => o.p);
  }
  return entry;
}

function deploymentStatus(deployment: KubeObject, entry: DeploymentPods, now: number): Record<string, unknown> {
  const replicas = replicasOf(deployment);
  const available = entry.pods.filter((p) => p.node !== undefined && p.readyAt !== undefined && p.readyAt <= now).length;
  const replicaSet = `${deployment.metadata.name}-${entry.templateHash}`;
  const previous = Array.isArray(deployment.status?.conditions) ? (deployment.status.conditions as Record<string, unknown>[]) : [];
  const at = kubeTimestamp(now);
  const condition = (type: string, status: string, reason: string, message: string): Record<string, unknown> => {
    const before = previous.find((c) => c.type === type);
    const same = before?.status === status && before.reason === reason && before.message === message;
    const transitioned = before?.status === status ? before.lastTransitionTime : at;
    return { type, status, lastUpdateTime: same ? before.lastUpdateTime : at, lastTransitionTime: transitioned ?? at, reason, message };
  };
  const minimum = replicas - maxUnavailableOf(deployment, replicas);
  const availableCondition = available >= minimum
    ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
    : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.');
  const deadlineMs = (typeof deployment.spec?.progressDeadlineSeconds === 'number' ? deployment.spec.progressDeadlineSeconds : 600) * 1000;
  const progressing =
    available >= replicas
      ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${replicaSet}" has successfully progressed.`)
      : now - entry.rolloutStartedAt > deadlineMs
        ? condition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${replicaSet}" has timed out progressing.`)
        : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${replicaSet}" is progressing.`);
  const pods = entry.pods.length;
  return {
    observedGeneration: entry.generation,
    ...(pods > 0 ? { replicas: pods, updatedReplicas: pods } : {}),
    ...(available > 0 ? { readyReplicas: available, availableReplicas: available } : {}),
    ...(pods - available > 0 ? { unavailableReplicas: pods - available } : {}),
    conditions: [availableCondition, progressing],
  };
}
