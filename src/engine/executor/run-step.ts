// One step of a plan, dispatched by kind (exhaustively), with the timeout that kind deserves.
import { assertNever, type Step } from '../../core/index.js';
import { checkHealth, checkReadiness } from './check-steps.js';
import { scaleUp, verifyWorkloads } from './cluster-steps.js';
import { scaleWorkloads } from './scale-workloads-step.js';
import { restore } from './restore-step.js';
import type { ExecutorTimings, StepContext } from './step-context.js';
import { shiftWeights, verifyTrafficManager } from './traffic-steps.js';

export function stepTimeoutMs(step: Step, timings: ExecutorTimings): number {
  switch (step.kind) {
    case 'scaleUp':
      return step.timeoutSeconds * 1000;
    case 'restore':
      return step.timeoutMinutes * 60_000;
    case 'pause':
      return step.seconds * 1000 + timings.defaultStepTimeoutMs;
    default:
      return timings.defaultStepTimeoutMs;
  }
}

export async function runStep(ctx: StepContext, step: Step): Promise<Record<string, unknown>> {
  switch (step.kind) {
    case 'scaleUp':
      return scaleUp(ctx, step.region, step.nodePool, step.minNodes);
    case 'checkReadiness':
      return checkReadiness(ctx, step.region, step.from, step.advisory === true, step.repairable ?? [], step.sourceDown === true);
    case 'shiftWeights':
      return shiftWeights(ctx, step.weights);
    case 'pause':
      await ctx.clock.sleep(step.seconds * 1000, ctx.signal);
      return { pausedSeconds: step.seconds };
    case 'checkHealth':
      return checkHealth(ctx, step.region, step.revertTo);
    case 'verifyTrafficManager':
      return verifyTrafficManager(ctx, step.expected);
    case 'restore':
      return restore(ctx, step);
    case 'scaleWorkloads':
      return scaleWorkloads(ctx, step);
    case 'verifyWorkloads':
      return verifyWorkloads(ctx, step.region);
    case 'done':
      return {};
    default:
      return assertNever(step, 'plan step');
  }
}
