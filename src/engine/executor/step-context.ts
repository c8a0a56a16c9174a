// What every step implementation receives: the policy, the ports, the clock, the retry settings,
// a signal bounded by the step's timeout, and the rules a person overrode for this operation.
import type { FailoverPolicy } from '../../policy/index.js';
import type { RegionName, RuleName } from '../../core/index.js';
import type { Clock } from '../clock.js';
import type { ActionPorts } from './executor-ports.js';
import { isTransientAdapterError } from '../../core/ports/adapter-error.js';
import { callWithRetry, type RetryEvent, type RetrySettings } from './retry.js';

export interface ExecutorTimings {
  /** Poll interval while waiting for nodes, restores and workloads. */
  pollIntervalMs: number;
  /** Timeout of a step that has none of its own (readiness, health, Traffic Manager, workloads). */
  defaultStepTimeoutMs: number;
  /** The whole operation, counted from its start (a resumed operation keeps its original deadline). */
  operationDeadlineMs: number;
}

export const defaultExecutorTimings: ExecutorTimings = { pollIntervalMs: 2_000, defaultStepTimeoutMs: 5 * 60_000, operationDeadlineMs: 60 * 60_000 };

export interface StepContext {
  policy: FailoverPolicy;
  ports: ActionPorts;
  clock: Clock;
  timings: ExecutorTimings;
  retry: RetrySettings;
  signal: AbortSignal;
  overrides: readonly RuleName[];
  onRetry: (what: string, event: RetryEvent) => void;
}

/** One port call with retries of transient failures, aborted with the step. */
export function call<T>(ctx: StepContext, what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return callWithRetry(ctx.clock, ctx.retry, ctx.signal, () => fn(ctx.signal), (event) => ctx.onRetry(what, event));
}

export function regionSpec(ctx: StepContext, region: RegionName): FailoverPolicy['spec']['regions'][number] {
  const spec = ctx.policy.spec.regions.find((r) => r.name === region);
  if (!spec) throw new Error(`region ${region} is not in policy ${ctx.policy.metadata.name}`);
  return spec;
}

/**
 * Polls `probe` on the clock until it returns a value (not undefined); the step's signal ends it. A
 * transient failure of one look (its own retries spent: an API server away for a minute) does not end
 * a wait that still has time: the step's timeout does, and says the last error it met.
 */
export async function pollUntil<T>(ctx: StepContext, probe: () => Promise<T | undefined>): Promise<T> {
  for (let look = 1; ; look++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (ctx.signal.aborted || !isTransientAdapterError(error)) throw error;
      ctx.onRetry('poll', { attempt: look, delayMs: ctx.timings.pollIntervalMs, error });
    }
    await ctx.clock.sleep(ctx.timings.pollIntervalMs, ctx.signal);
  }
}
