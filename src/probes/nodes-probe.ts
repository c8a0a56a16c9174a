// `nodes`: the share of the cluster's nodes whose Ready condition is True, against
// `health.nodes.minReadyRatio`. One node list (no pods, no watch).
import type { NodeInfo } from '../core/ports/kubernetes-port.js';
import type { ProbeVerdict, SignalProbe } from './signal-probe.js';

export function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

export function judgeNodes(nodes: readonly NodeInfo[], minReadyRatio: number): ProbeVerdict {
  const ready = nodes.filter((node) => node.ready).length;
  const notReady = nodes.filter((node) => !node.ready);
  const reasons = [...new Set(notReady.map((node) => node.reason ?? 'NotReady'))];
  const detail = { ready, total: nodes.length, minReadyRatio, ...(notReady.length > 0 ? { notReady: notReady.slice(0, 10).map((n) => `${n.name} (${n.reason ?? 'NotReady'})`) } : {}) };
  if (nodes.length === 0) return { ok: false, reason: 'no nodes', detail };
  const ok = ready / nodes.length >= minReadyRatio;
  const base = `${ready}/${nodes.length} nodes Ready`;
  if (ok) return { ok, reason: base, detail };
  return { ok, reason: `${base} (need ${percent(minReadyRatio)}${reasons.length > 0 ? `; ${reasons.join(', ')}` : ''})`, detail };
}

export const nodesProbe: SignalProbe<NodeInfo[]> = {
  signal: 'nodes',
  source: 'kubernetes',
  key: ({ region }) => `kube:${region.cluster.toLowerCase()}:nodes`,
  fetch: ({ region, ports }, options) => ports.clusters.kubernetes(region.cluster).listNodes(options),
  judge: (nodes, { policy }) => judgeNodes(nodes, policy.spec.health.nodes.minReadyRatio),
};
