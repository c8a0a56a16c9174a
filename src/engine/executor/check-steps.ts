// Steps that look before traffic moves on: readiness of the target (stops the plan when it is not
// ready, unless a person forced `target-ready`), and the target's health between two shifts (when
// it degraded, the endpoints go back to what they were before this shift and the plan stops).
//
// Between shifts the question is narrower than the loop's "is this region down?": is the target
// carrying the load it was just given? So beyond the loop's verdict, a failing load signal (`app`,
// `workloads`) counts — when it is still failing one interval later: a single blip must not send
// users back towards a region that is failing.
import { blockingResults, defaultVerdictRule, describeEndpoints, evaluateVerdict, type EndpointSettings, type RegionName, type SignalName } from '../../core/index.js';
import type { StepContext } from './step-context.js';
import { StepError } from './step-error.js';
import { applyEndpoints } from './traffic-steps.js';

export async function checkReadiness(ctx: StepContext, region: RegionName, from?: RegionName, advisory = false, repairable: readonly 'capacity'[] = [], sourceDown = false): Promise<Record<string, unknown>> {
  const source = from === undefined ? {} : { source: from, ...(sourceDown ? { sourceUnreachable: true } : {}) };
  const report = await ctx.ports.readiness.check(ctx.policy, region, { abortSignal: ctx.signal, ...source });
  const blocking = blockingResults(report, { repairable: [...repairable] });
  const summary = blocking.map((r) => ({ check: r.check, status: r.status, reason: r.reason }));
  if (blocking.length === 0) return repairable.length > 0 && report.results.some((r) => r.status === 'fail') ? { ready: true, repairedLater: report.results.filter((r) => r.status === 'fail').map((r) => ({ check: r.check, reason: r.reason })) } : { ready: true };
  if (advisory) return { ready: false, advisory: true, blocking: summary };
  if (ctx.overrides.includes('target-ready')) return { ready: false, overridden: 'target-ready', blocking: summary };
  throw new StepError('NotReady', `${region} is not ready: ${summary.map((r) => `${r.check} ${r.status} (${r.reason})`).join('; ')}`, { evidence: { blocking: summary } });
}

const loadSignals: readonly SignalName[] = ['app', 'workloads'];

/** Why the target is not carrying its load in one observation, or [] when it is. */
async function degradation(ctx: StepContext, region: RegionName): Promise<{ failing: string[]; down: boolean }> {
  const cycle = await ctx.ports.observer.observe(ctx.policy, { abortSignal: ctx.signal });
  const observations = cycle.byRegion[region] ?? [];
  const verdict = evaluateVerdict(defaultVerdictRule(ctx.policy.spec.health), observations);
  const counted = new Set(ctx.policy.spec.health.signals);
  const failed = verdict.failed ? verdict.signals.filter((s) => !s.ok) : verdict.signals.filter((s) => !s.ok && loadSignals.includes(s.signal) && counted.has(s.signal));
  return { failing: failed.map((s) => `${s.signal}: ${s.reason}`), down: verdict.failed };
}

export async function checkHealth(ctx: StepContext, region: RegionName, revertTo: EndpointSettings): Promise<Record<string, unknown>> {
  let seen = await degradation(ctx, region);
  if (seen.failing.length > 0 && !seen.down) {
    const blip = seen.failing;
    await ctx.clock.sleep(ctx.policy.spec.health.intervalSeconds * 1000, ctx.signal);
    seen = await degradation(ctx, region);
    if (seen.failing.length === 0) return { healthy: true, recovered: blip };
  }
  if (seen.failing.length === 0) return { healthy: true };
  const { failing } = seen;
  if (ctx.overrides.includes('target-healthy')) return { healthy: false, overridden: 'target-healthy', failing };
  await applyEndpoints(ctx, revertTo);
  throw new StepError('TargetDegraded', `${region} degraded during the shift (${failing.join('; ')}); reverted to ${describeEndpoints(revertTo)}`, {
    endpoints: revertTo,
    evidence: { failing },
  });
}
