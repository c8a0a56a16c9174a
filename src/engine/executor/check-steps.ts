// Steps that look before traffic moves on: readiness of the target (stops the plan when it is not
// ready, unless a person forced `target-ready`), and the target's health between two shifts (when
// it degraded, the endpoints go back to what they were before this shift and the plan stops).
import { blockingResults, defaultVerdictRule, describeEndpoints, evaluateVerdict, type EndpointSettings, type RegionName } from '../../core/index.js';
import type { StepContext } from './step-context.js';
import { StepError } from './step-error.js';
import { applyEndpoints } from './traffic-steps.js';

export async function checkReadiness(ctx: StepContext, region: RegionName): Promise<Record<string, unknown>> {
  const report = await ctx.ports.readiness.check(ctx.policy, region, { abortSignal: ctx.signal });
  const blocking = blockingResults(report);
  const summary = blocking.map((r) => ({ check: r.check, status: r.status, reason: r.reason }));
  if (blocking.length === 0) return { ready: true };
  if (ctx.overrides.includes('target-ready')) return { ready: false, overridden: 'target-ready', blocking: summary };
  throw new StepError('NotReady', `${region} is not ready: ${summary.map((r) => `${r.check} ${r.status} (${r.reason})`).join('; ')}`, { evidence: { blocking: summary } });
}

export async function checkHealth(ctx: StepContext, region: RegionName, revertTo: EndpointSettings): Promise<Record<string, unknown>> {
  const cycle = await ctx.ports.observer.observe(ctx.policy, { abortSignal: ctx.signal });
  const verdict = evaluateVerdict(defaultVerdictRule(ctx.policy.spec.health), cycle.byRegion[region] ?? []);
  if (!verdict.failed) return { healthy: true };
  const failing = verdict.signals.filter((s) => !s.ok).map((s) => `${s.signal}: ${s.reason}`);
  if (ctx.overrides.includes('target-healthy')) return { healthy: false, overridden: 'target-healthy', failing };
  await applyEndpoints(ctx, revertTo);
  throw new StepError('TargetDegraded', `${region} degraded during the shift (${failing.join('; ')}); reverted to ${describeEndpoints(revertTo)}`, {
    endpoints: revertTo,
    evidence: { failing },
  });
}
