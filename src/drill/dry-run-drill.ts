// dry-run: every readiness check of the target, the newest backup's age (the RPO now), and the plan
// the engine would execute with each step's budget — and the RTO that plan implies. Changes nothing:
// the engine is asked with a dry-run command, which neither saves nor acts.
import { describeStep } from '../core/plan/describe-plan.js';
import type { DrillRun } from './drill-context.js';
import type { DrillReport } from './drill-report.js';
import { backupStep, planStep, readinessSteps } from './drill-checks.js';
import { rpoCheck, rtoCheck } from './objectives.js';
import { impliedRto, stepBudgetSeconds } from './plan-budget.js';

export type ModeResult = Pick<DrillReport, 'rto' | 'rpo'> & Partial<Pick<DrillReport, 'plan' | 'startingEndpoints' | 'finalEndpoints' | 'overrides' | 'aborted'>>;

export async function dryRunDrill(run: DrillRun): Promise<ModeResult> {
  await readinessSteps(run);
  const backup = await backupStep(run);
  const plan = await planStep(run, 'failover');
  const rpo = rpoCheck(run.policy, backup?.ageSeconds);
  if (!plan) return { rto: rtoCheck(run.policy, undefined, 'implied', 'no plan was made'), rpo };
  const implied = impliedRto(run.policy, plan);
  return {
    rto: rtoCheck(run.policy, implied.totalSeconds, 'implied', `detection up to ${implied.detectionSeconds} s + the plan's budgets until traffic moved, ${implied.mitigationSeconds} s`),
    rpo,
    plan: plan.steps.map((step) => ({ step: step.kind, does: describeStep(step), budgetSeconds: stepBudgetSeconds(step) })),
  };
}
