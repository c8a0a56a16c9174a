// New nodes boot: a node registered NotReady (kubelet up, CNI not initialised, the node lifecycle
// controller's `not-ready:NoSchedule` taint) reports Ready `timing.nodeBootMs` after it registered.
// Lazy like the other simulated controllers: `tick()` takes every step whose time has come, with the
// time it was due, so one tick after a clock jump leaves the node as if it had run all along.
import type { LabContext } from '../context.js';
import { notReadyCondition, notReadyTaintKey, readyCondition } from '../world/node-object.js';
import { coreTypes, type KubeObject } from '../world/kube-store.js';
import { kubeTimestamp, timestampMs } from './time-format.js';

type Condition = Record<string, unknown>;

function conditionsOf(node: KubeObject): Condition[] {
  return Array.isArray(node.status?.conditions) ? (node.status.conditions as Condition[]) : [];
}

/** When the node's kubelet last turned Ready (the Ready condition's transition), or undefined while it is not. */
export function nodeReadySince(node: KubeObject): number | undefined {
  const ready = conditionsOf(node).find((c) => c.type === 'Ready');
  return ready?.status === 'True' ? timestampMs(ready.lastTransitionTime) : undefined;
}

function booting(node: KubeObject): boolean {
  return conditionsOf(node).some((c) => c.type === 'Ready' && c.status === 'False' && c.reason === notReadyCondition.reason);
}

export function advanceNodeBoot(ctx: LabContext): void {
  const now = ctx.clock.now();
  for (const cluster of ctx.world.clusters) {
    for (const node of cluster.store.list(coreTypes.nodes)) {
      if (!booting(node)) continue;
      const readyAt = (timestampMs(node.metadata.creationTimestamp) ?? now) + ctx.timing.nodeBootMs;
      if (readyAt > now) continue;
      cluster.store.mutate(coreTypes.nodes, undefined, node.metadata.name, (n) => {
        const at = kubeTimestamp(readyAt);
        n.status = {
          ...n.status,
          conditions: conditionsOf(n).map((c) => (c.type === 'Ready' ? { ...c, status: 'True', ...readyCondition, lastHeartbeatTime: at, lastTransitionTime: at } : { ...c, lastHeartbeatTime: at })),
        };
        const taints = Array.isArray(n.spec?.taints) ? (n.spec.taints as Record<string, unknown>[]).filter((t) => t.key !== notReadyTaintKey) : [];
        const { taints: _dropped, ...spec } = n.spec ?? {};
        n.spec = taints.length > 0 ? { ...spec, taints } : spec;
      });
    }
  }
}
