// What a plan's steps may take, from the policy's own numbers (the same ones `policy explain` and
// the RTO rule use): the step's timeout where the policy sets one, the executor's bound otherwise.
// A budget is an upper bound a person can hold the plan to, not a forecast.
import { assertNever } from '../core/assert-never.js';
import type { Plan, Step } from '../core/plan/plan-types.js';
import type { FailoverPolicy } from '../policy/index.js';
import { computeTiming } from '../policy/timing.js';

/** Seconds one ARM write or read-back is given (the executor's default step timeout is 60 s). */
const armCallBudgetSeconds = 60;
/** Readiness reads of the target get at least 10 s (src/readiness) — one round of them. */
const readinessBudgetSeconds = 30;

export function stepBudgetSeconds(step: Step): number {
  switch (step.kind) {
    case 'scaleUp':
      return step.timeoutSeconds;
    case 'checkReadiness':
      return readinessBudgetSeconds;
    case 'shiftWeights':
    case 'verifyTrafficManager':
    case 'checkHealth':
      return armCallBudgetSeconds;
    case 'pause':
      return step.seconds;
    case 'restore':
      return step.timeoutMinutes * 60;
    case 'scaleWorkloads':
    case 'verifyWorkloads':
      return armCallBudgetSeconds;
    case 'done':
      return 0;
    default:
      return assertNever(step, 'plan step');
  }
}

/** The index of the step after which clients are on the target: the last traffic step and its read-back. */
function trafficMovedIndex(plan: Plan): number {
  let last = -1;
  plan.steps.forEach((step, index) => {
    if (step.kind === 'shiftWeights' || step.kind === 'verifyTrafficManager') last = index;
  });
  return last;
}

export interface ImpliedRto {
  detectionSeconds: number;
  /** Budgets of the steps up to and including the last traffic step. */
  mitigationSeconds: number;
  totalSeconds: number;
}

/** Detection (worst case, probes hanging to their timeout) plus the plan's budgets until traffic moved. */
export function impliedRto(policy: FailoverPolicy, plan: Plan): ImpliedRto {
  const detectionSeconds = computeTiming(policy.spec).detectionHangMaxSeconds;
  const until = trafficMovedIndex(plan);
  const mitigationSeconds = plan.steps.slice(0, until + 1).reduce((sum, step) => sum + stepBudgetSeconds(step), 0);
  return { detectionSeconds, mitigationSeconds, totalSeconds: detectionSeconds + mitigationSeconds };
}
