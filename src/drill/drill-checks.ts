// Steps every mode shares: the readiness checks of the target (one step per check, so a report
// and a JUnit file show each), the age of the newest backup (the RPO at the time), and the plan the
// engine would execute — asked of the engine itself as a dry-run command, so the drill sees the
// same safety rules a real failover would meet.
import { describeStep } from '../core/plan/describe-plan.js';
import type { Plan } from '../core/plan/plan-types.js';
import type { BackupInfo } from '../core/ports/velero-port.js';
import { formatDuration } from '../policy/timing.js';
import type { DrillRun } from './drill-context.js';
import { stepBudgetSeconds } from './plan-budget.js';
import { StepFailure } from './step-recorder.js';

/** Records one step per readiness check of the target; true when the target is ready. */
export async function readinessSteps(run: DrillRun): Promise<boolean> {
  const { recorder, deps, policy, target } = run;
  const start = deps.clock.now();
  recorder.started({ name: 'readiness', title: `readiness checks of ${target.name}`, waitsFor: `the readiness checks of ${target.name} (registry, images, backup, versions, capacity, profile)` });
  let report;
  try {
    report = await deps.ports.readiness.check(policy, target.name, run.callOptions);
  } catch (error) {
    recorder.record({ name: 'readiness', title: `readiness of ${target.name}`, waitsFor: '' }, start, 'failed', { reason: `the readiness checks of ${target.name} could not run: ${error instanceof Error ? error.message : String(error)}` });
    return false;
  }
  const repairable = policy.spec.readiness.capacity?.scaleUp === true;
  let ready = true;
  for (const result of report.results) {
    const repaired = result.status === 'fail' && result.check === 'capacity' && repairable;
    const passed = result.status === 'pass' || repaired;
    ready &&= passed;
    const reason = repaired && !/scale/i.test(result.reason) ? `${result.reason} (the plan scales the pool up before traffic moves)` : result.status === 'unknown' ? `could not tell: ${result.reason}` : result.reason;
    recorder.record({ name: `readiness.${result.check}`, title: `readiness: ${result.check} in ${target.name}`, waitsFor: '' }, start, passed ? 'passed' : 'failed', { reason, evidence: { status: result.status, ...result.evidence } });
  }
  return ready;
}

export interface NewestBackup {
  backup: BackupInfo;
  ageSeconds: number;
}

function backupSchedule(run: DrillRun): string | undefined {
  return run.policy.spec.recovery?.velero.schedule ?? run.policy.spec.readiness.backup?.schedule;
}

/**
 * The newest completed backup of the schedule as the target's Velero sees it, and its age: the data
 * a failover now would lose at most. Fails when it is older than the backup gate's maximum age.
 */
export async function backupStep(run: DrillRun): Promise<NewestBackup | undefined> {
  const { recorder, deps, target } = run;
  const schedule = backupSchedule(run);
  if (!schedule) {
    recorder.skip({ name: 'backup', title: 'newest backup', waitsFor: '' }, 'the policy names no Velero schedule (recovery.velero or readiness.backup)');
    return undefined;
  }
  let found: NewestBackup | undefined;
  const maxAgeMinutes = run.policy.spec.readiness.backup?.maxAgeMinutes ?? run.policy.spec.objectives.rpoMinutes;
  await recorder.run({ name: 'backup', title: `newest backup of ${schedule} in ${target.name}`, waitsFor: `Velero in ${target.name} to list the backups of ${schedule}` }, async () => {
    const backup = await deps.ports.clusters.velero(target.cluster).newestCompletedBackup(schedule, run.callOptions);
    if (!backup) throw new StepFailure(`no completed backup of ${schedule} in ${target.name}: nothing to restore`, { schedule });
    const at = Date.parse(backup.completionTimestamp ?? backup.startTimestamp ?? '');
    const ageSeconds = Number.isNaN(at) ? Number.NaN : Math.max(0, (deps.clock.now() - at) / 1000);
    const evidence = { schedule, backup: backup.name, completionTimestamp: backup.completionTimestamp, ageSeconds: Math.round(ageSeconds), maxAgeMinutes };
    if (Number.isNaN(ageSeconds)) throw new StepFailure(`backup ${backup.name} has no timestamp: its age (the RPO) cannot be told`, evidence);
    found = { backup, ageSeconds };
    if (maxAgeMinutes !== undefined && ageSeconds > maxAgeMinutes * 60) {
      throw new StepFailure(`the newest backup ${backup.name} is ${formatDuration(Math.round(ageSeconds))} old, older than the ${maxAgeMinutes} min allowed: a failover now would lose more data than the RPO`, evidence);
    }
    return { reason: `${backup.name}, ${formatDuration(Math.round(ageSeconds))} old`, evidence };
  });
  return found;
}

/** The engine's plan for a move, without acting; refused (a StepFailure naming the rules) when a rule blocks it. */
export async function planStep(run: DrillRun, kind: 'failover' | 'failback'): Promise<Plan | undefined> {
  const { recorder, engine, drillId, options, target, primary } = run;
  const to = kind === 'failover' ? target.name : primary.name;
  let plan: Plan | undefined;
  await recorder.run({ name: `plan.${kind}`, title: `the engine's ${kind} plan to ${to}`, waitsFor: `the engine to observe the regions and check its safety rules` }, async () => {
    const command = kind === 'failover' ? { kind, to, by: options.by, dryRun: true, drill: drillId } : { kind, by: options.by, dryRun: true, drill: drillId };
    const report = await engine.runCycle({ command, ...(options.signal ? { signal: options.signal } : {}) });
    const result = report.commandResult;
    plan = result?.plan;
    const steps = plan?.steps.map((step) => ({ step: step.kind, does: describeStep(step), budgetSeconds: stepBudgetSeconds(step) })) ?? [];
    if (result?.hold) {
      const rules = result.hold.rules;
      throw new StepFailure(`refused by ${rules.join(', ')}: ${result.hold.violations.map((v) => v.message).join('; ')}`, { steps, violations: result.hold.violations }, rules);
    }
    if (!plan) throw new StepFailure(result?.reasons.map((r) => r.message).join('; ') || `the engine made no ${kind} plan (state ${report.previous.kind})`, { state: report.previous.kind });
    return { reason: `${plan.steps.length} steps: ${plan.steps.map((s) => s.kind).join(' → ')}`, evidence: { operationId: plan.operationId, steps } };
  });
  return plan;
}
