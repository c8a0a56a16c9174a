// `scaleWorkloads`: the target runs the protected workloads with as many replicas as the source
// region last ran. A warm standby runs them scaled down and a restore brings the replicas of the
// backup's moment; the source's live view (or, once it cannot be read, its last view from the
// deployments memory) says what the users need. Reads before it writes and never lowers a count, so a
// re-run after a crash scales nothing twice; `verifyWorkloads` then waits for them to be available.
import type { DeploymentInfo } from '../../core/ports/kubernetes-port.js';
import type { Step } from '../../core/plan/plan-types.js';
import { call, regionSpec, type StepContext } from './step-context.js';
import { StepError } from './step-error.js';

type ScaleWorkloadsStep = Extract<Step, { kind: 'scaleWorkloads' }>;

interface SourceView {
  replicas: Map<string, number>;
  /** `live`, or the epoch ms of the remembered view. */
  seen: 'live' | number;
}

/** The source's replicas: read live within the probe timeout (a dead region hangs), else remembered. */
async function sourceReplicas(ctx: StepContext, step: ScaleWorkloadsStep): Promise<SourceView | undefined> {
  const sourceCluster = regionSpec(ctx, step.from).cluster;
  const timeoutInMs = ctx.policy.spec.health.timeoutSeconds * 1000;
  const pick = (deployments: DeploymentInfo[]): Map<string, number> =>
    new Map(deployments.filter((d) => d.namespace === step.namespace && step.deployments.includes(d.name)).map((d) => [d.name, d.replicas]));
  try {
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutInMs)]);
    const live = await ctx.ports.clusters.kubernetes(sourceCluster).getDeployments(step.namespace, step.deployments, { abortSignal: signal, timeoutInMs });
    return { replicas: pick(live), seen: 'live' };
  } catch {
    ctx.signal.throwIfAborted();
    const remembered = ctx.ports.workloadMemory?.recall(sourceCluster, [step.namespace]);
    return remembered ? { replicas: pick(remembered.deployments), seen: remembered.at } : undefined;
  }
}

export async function scaleWorkloads(ctx: StepContext, step: ScaleWorkloadsStep): Promise<Record<string, unknown>> {
  const source = await sourceReplicas(ctx, step);
  if (!source) {
    // Never read, not readable: the restore's (or the standby's own) replicas stand; verifyWorkloads checks them.
    return { skipped: `what ${step.from} ran is unknown (not readable now, never read before); the replicas in ${step.region} stay as they are` };
  }
  const kubernetes = ctx.ports.clusters.kubernetes(regionSpec(ctx, step.region).cluster);
  const target = await call(ctx, 'getDeployments', (signal) => kubernetes.getDeployments(step.namespace, step.deployments, { abortSignal: signal }));
  const missing = step.deployments.filter((name) => !target.some((d) => d.name === name));
  if (missing.length > 0) {
    throw new StepError('WorkloadsUnavailable', `${missing.join(', ')} missing in ${step.namespace} of ${step.region}: nothing to scale (a restore brings them in a cold standby)`, { evidence: { missing } });
  }
  const scaled: { name: string; from: number; to: number }[] = [];
  const unchanged: { name: string; replicas: number }[] = [];
  for (const deployment of target) {
    const want = source.replicas.get(deployment.name);
    if (want === undefined || deployment.replicas >= want) {
      unchanged.push({ name: deployment.name, replicas: deployment.replicas });
      continue;
    }
    const result = await call(ctx, 'scaleDeployment', (signal) => kubernetes.scaleDeployment(step.namespace, deployment.name, want, { abortSignal: signal }));
    scaled.push({ name: deployment.name, from: result.before, to: result.after });
  }
  const seen = source.seen === 'live' ? { source: 'live' } : { source: 'remembered', asOf: new Date(source.seen).toISOString() };
  return { from: step.from, ...seen, scaled, unchanged };
}
