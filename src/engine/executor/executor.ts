// Executes a plan step by step under a write-ahead journal, and resumes one a crash interrupted.
// Before a step: a `started` record; after: `completed` with its result, or `failed` with the error
// code — then the operation ends (`failed`, with the endpoints left in place) and nothing more runs.
// On (re)start the journal says which steps completed; execution goes on at the first that did not.
// Re-running a step that had only `started` is safe: every step reads before it writes.
import type { Logger } from 'pino';
import type { EndpointSettings, OperationOutcome, Plan, RuleName, Step } from '../../core/index.js';
import { describeStep } from '../../core/index.js';
import type { FailoverPolicy } from '../../policy/index.js';
import type { Clock } from '../clock.js';
import type { ActionPorts } from './executor-ports.js';
import type { Journal, OperationProgress } from './journal.js';
import { defaultRetrySettings, type RetrySettings } from './retry.js';
import { runStep, stepTimeoutMs } from './run-step.js';
import { defaultExecutorTimings, type ExecutorTimings, type StepContext } from './step-context.js';
import { StepError, errorCodeOf, errorMessageOf, isStepError } from './step-error.js';
import { withTimeout } from './step-timeout.js';
import { applyEndpoints } from './traffic-steps.js';

export interface ExecutorOptions {
  ports: ActionPorts;
  journal: Journal;
  clock: Clock;
  logger?: Logger;
  timings?: Partial<ExecutorTimings>;
  retry?: RetrySettings;
}

export interface ExecuteOptions {
  /** Epoch ms the operation started (the engine state's `startedAt`): the deadline counts from here. */
  startedAt: number;
  /** Rules a person overrode when starting it; journaled, so a resumed operation honours them too. */
  overrides?: readonly RuleName[];
  /** Aborting stops between or inside steps without an outcome: the operation resumes on restart. */
  signal?: AbortSignal;
}

/** The endpoints the completed traffic steps left in place (undefined: none moved yet). */
function endpointsInPlace(plan: Plan, completed: ReadonlySet<number>): EndpointSettings | undefined {
  let endpoints: EndpointSettings | undefined;
  plan.steps.forEach((step, index) => {
    if (step.kind === 'shiftWeights' && completed.has(index)) endpoints = step.weights;
  });
  return endpoints;
}

export class Executor {
  private readonly timings: ExecutorTimings;

  constructor(private readonly options: ExecutorOptions) {
    this.timings = { ...defaultExecutorTimings, ...options.timings };
  }

  /** What the journal says about `plan`: where a (resumed) execution would go on. */
  progress(plan: Plan): Promise<OperationProgress> {
    return this.options.journal.progress(plan.operationId, plan.steps.length);
  }

  async execute(policy: FailoverPolicy, plan: Plan, execute: ExecuteOptions): Promise<OperationOutcome> {
    const { journal, clock } = this.options;
    // The engine hands its own child logger (already bound to the policy): bind the policy only once, or JSON gets a duplicate key.
    const parent = this.options.logger;
    const log = parent?.child({ ...('policy' in parent.bindings() ? {} : { policy: policy.metadata.name }), operationId: plan.operationId });
    const progress = await this.progress(plan);
    // It ended before a crash kept the state from saying so: report the same outcome again.
    if (progress.outcome) return progress.outcome;
    const overrides = progress.started ? progress.overrides : [...(execute.overrides ?? [])];
    if (!progress.started) {
      await journal.append({ operationId: plan.operationId, stepIndex: -1, kind: 'operation', phase: 'started', at: clock.now(), ...(overrides.length > 0 ? { overrides } : {}) });
    } else {
      log?.info({ resumeAt: progress.resumeAt, steps: plan.steps.length }, 'resuming operation from the journal');
    }
    const completed = new Set(progress.completed);
    for (let index = progress.resumeAt; index < plan.steps.length; index++) {
      if (completed.has(index)) continue;
      const step = plan.steps[index] as Step;
      execute.signal?.throwIfAborted();
      await journal.append({ operationId: plan.operationId, stepIndex: index, kind: step.kind, phase: 'started', at: clock.now() });
      log?.info({ stepIndex: index, kind: step.kind }, `step ${index + 1}/${plan.steps.length}: ${describeStep(step)}`);
      let result: Record<string, unknown>;
      try {
        result = await this.runBounded(policy, step, overrides, execute);
      } catch (error) {
        // Stopping (shutdown) is not a failure of the step: no record, the operation resumes later.
        if (execute.signal?.aborted) throw error;
        const reverted = isStepError(error) && error.options.endpoints ? undefined : await this.revertFailedShift(policy, step, overrides, execute);
        const endpoints = (isStepError(error) ? error.options.endpoints : undefined) ?? reverted?.endpoints ?? endpointsInPlace(plan, completed);
        const code = errorCodeOf(error);
        // A shift that could not be put back is half-applied: the record says so (the next profile read is adopted as routing drift).
        const message = errorMessageOf(error) + (reverted?.failed ? `; the revert failed too (${reverted.failed}): the endpoints may be between two steps until the profile is read again` : '');
        log?.error({ stepIndex: index, kind: step.kind, code, err: error }, `step ${index + 1} failed: ${message}`);
        await journal.append({ operationId: plan.operationId, stepIndex: index, kind: step.kind, phase: 'failed', at: clock.now(), error: { code, message } });
        const outcome: OperationOutcome = { operationId: plan.operationId, result: 'failed', reason: `step ${index + 1} (${step.kind}) failed: ${message}`, ...(endpoints ? { endpoints } : {}) };
        await journal.append({ operationId: plan.operationId, stepIndex: -1, kind: 'operation', phase: 'failed', at: clock.now(), outcome });
        return outcome;
      }
      await journal.append({ operationId: plan.operationId, stepIndex: index, kind: step.kind, phase: 'completed', at: clock.now(), result });
      completed.add(index);
    }
    const outcome: OperationOutcome = { operationId: plan.operationId, result: 'succeeded', reason: `${plan.kind} completed`, endpoints: plan.finalEndpoints };
    await journal.append({ operationId: plan.operationId, stepIndex: -1, kind: 'operation', phase: 'completed', at: clock.now(), outcome });
    log?.info('operation completed');
    return outcome;
  }

  private context(policy: FailoverPolicy, overrides: readonly RuleName[], signal: AbortSignal, seen?: { lastError?: string }): StepContext {
    const log = this.options.logger;
    return {
      policy,
      ports: this.options.ports,
      clock: this.options.clock,
      timings: this.timings,
      retry: this.options.retry ?? defaultRetrySettings,
      signal,
      overrides,
      onRetry: (what, event) => {
        if (seen) seen.lastError = `${what}: ${errorMessageOf(event.error)}`;
        log?.warn({ call: what, attempt: event.attempt, delayMs: event.delayMs, code: errorCodeOf(event.error) }, `${what} failed transiently; retrying in ${event.delayMs} ms`);
      },
    };
  }

  private runBounded(policy: FailoverPolicy, step: Step, overrides: readonly RuleName[], execute: ExecuteOptions): Promise<Record<string, unknown>> {
    const remaining = execute.startedAt + this.timings.operationDeadlineMs - this.options.clock.now();
    if (remaining <= 0) throw new StepError('DeadlineExceeded', `the operation passed its deadline of ${Math.round(this.timings.operationDeadlineMs / 60_000)} min`);
    const timeout = Math.min(stepTimeoutMs(step, this.timings), remaining);
    // A step that times out while retrying says what it kept meeting (an ARM storm: "HTTP 500 …"), not only that time ran out.
    const seen: { lastError?: string } = {};
    return withTimeout(this.options.clock, timeout, execute.signal, describeStep(step), (signal) => runStep(this.context(policy, overrides, signal, seen), step)).catch((error: unknown) => {
      if (isStepError(error) && error.code === 'StepTimeout' && seen.lastError) throw new StepError('StepTimeout', `${error.message}; the last transient error: ${seen.lastError}`, error.options);
      throw error;
    });
  }

  /** A shift that failed half-way is put back to what it was before, so the state knows the endpoints. */
  private async revertFailedShift(policy: FailoverPolicy, step: Step, overrides: readonly RuleName[], execute: ExecuteOptions): Promise<{ endpoints?: EndpointSettings; failed?: string } | undefined> {
    if (step.kind !== 'shiftWeights') return undefined;
    try {
      await withTimeout(this.options.clock, this.timings.defaultStepTimeoutMs, execute.signal, 'revert', (signal) => applyEndpoints(this.context(policy, overrides, signal), step.revertTo));
      return { endpoints: step.revertTo };
    } catch (error) {
      this.options.logger?.error({ err: error }, 'could not revert the failed shift; the endpoints may be between two steps');
      return { failed: errorMessageOf(error) };
    }
  }
}
