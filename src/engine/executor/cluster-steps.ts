// Steps on the target cluster: grow a node pool and wait for its nodes to be Ready, and wait for
// the protected workloads to be available. Both read before they write, so a re-run scales nothing twice.
import type { RegionName } from '../../core/index.js';
import { call, pollUntil, regionSpec, type StepContext } from './step-context.js';
import { StepError } from './step-error.js';

export async function scaleUp(ctx: StepContext, region: RegionName, nodePool: string, minNodes: number): Promise<Record<string, unknown>> {
  const clusterId = regionSpec(ctx, region).cluster;
  const cluster = await call(ctx, 'getCluster', (signal) => ctx.ports.aks.getCluster(clusterId, { abortSignal: signal }));
  const pool = cluster.agentPools.find((p) => p.name === nodePool);
  if (!pool) throw new StepError('NodesNotReady', `${region} has no node pool ${nodePool}`, { evidence: { pools: cluster.agentPools.map((p) => p.name) } });
  const before = pool.count;
  // Never shrink: a pool already larger than minNodes serves more, not less.
  const scaled = pool.count < minNodes;
  if (scaled) await call(ctx, 'scaleAgentPool', (signal) => ctx.ports.aks.scaleAgentPool(clusterId, nodePool, minNodes, { abortSignal: signal, pollIntervalInMs: ctx.timings.pollIntervalMs }));
  const kubernetes = ctx.ports.clusters.kubernetes(clusterId);
  const ready = await pollUntil(ctx, async () => {
    const nodes = await call(ctx, 'listNodes', (signal) => kubernetes.listNodes({ abortSignal: signal }));
    const count = nodes.filter((n) => n.pool === nodePool && n.ready).length;
    return count >= minNodes ? count : undefined;
  });
  return { nodePool, before, after: Math.max(before, minNodes), scaled, readyNodes: ready };
}

export async function verifyWorkloads(ctx: StepContext, region: RegionName): Promise<Record<string, unknown>> {
  const workloads = ctx.policy.spec.health.workloads;
  if (!workloads || workloads.deployments.length === 0) return { skipped: 'no workloads in the policy' };
  const kubernetes = ctx.ports.clusters.kubernetes(regionSpec(ctx, region).cluster);
  const ratio = workloads.minAvailableRatio;
  let last: { name: string; available: number; replicas: number }[] = [];
  try {
    return await pollUntil(ctx, async () => {
      const deployments = await call(ctx, 'getDeployments', (signal) => kubernetes.getDeployments(workloads.namespace, workloads.deployments, { abortSignal: signal }));
      last = workloads.deployments.map((name) => {
        const found = deployments.find((d) => d.name === name);
        return { name, available: found?.available ?? 0, replicas: found?.replicas ?? 0 };
      });
      const ok = last.every((d) => d.replicas > 0 && d.available >= Math.ceil(d.replicas * ratio));
      return ok ? { available: last } : undefined;
    });
  } catch (error) {
    if (error instanceof StepError && error.code === 'StepTimeout') {
      throw new StepError('WorkloadsUnavailable', `workloads in ${region} not available: ${last.map((d) => `${d.name} ${d.available}/${d.replicas}`).join(', ')}`, { evidence: { deployments: last }, cause: error });
    }
    throw error;
  }
}
