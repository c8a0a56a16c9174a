// runDrill: one DR drill of one policy, whoever asks (the CLI, a pipeline, the service's schedule).
// Finishes the abort of a live drill that did not end first (killed, or a second Ctrl-C), runs the
// mode, decides the result (passed only when every step passed and no objective was missed), and
// keeps the report in the state store and the audit trail. Never throws for a failed drill: the
// report says what failed; it throws only for bad input (DrillUsageError) or a broken state store.
import { assertNever } from '../core/assert-never.js';
import { formatDuration } from '../policy/timing.js';
import { AuditTrail } from '../state/audit-trail.js';
import { abortLiveDrill } from './drill-abort.js';
import { createEngine, drillIdOf, regionsOf, type DrillDependencies, type DrillOptions, type DrillRun } from './drill-context.js';
import { DRILL_REPORT_SCHEMA_VERSION, failedStep, type DrillMode, type DrillReport, type DrillResult } from './drill-report.js';
import { DrillStore } from './drill-store.js';
import { dryRunDrill, type ModeResult } from './dry-run-drill.js';
import { liveDrill } from './live-drill.js';
import { objectivesMet, rtoCheck, rpoCheck } from './objectives.js';
import { restoreTestDrill } from './restore-test-drill.js';
import { StepFailure, StepRecorder } from './step-recorder.js';

function modeRunner(mode: DrillMode): (run: DrillRun) => Promise<ModeResult> {
  switch (mode) {
    case 'dry-run':
      return dryRunDrill;
    case 'restore-test':
      return restoreTestDrill;
    case 'live':
      return liveDrill;
    default:
      return assertNever(mode, 'drill mode');
  }
}

/** A live drill that did not end: put its world back before anything else. True when it is back. */
async function finishUnfinished(run: DrillRun, drills: DrillStore): Promise<boolean> {
  const { deps, policy, recorder } = run;
  const unfinished = await drills.unfinished(policy.metadata.name);
  if (!unfinished) return true;
  return recorder.run({ name: 'abort-unfinished', title: `abort the unfinished drill ${unfinished.drillId}`, waitsFor: `the engine to put back the endpoints ${unfinished.drillId} started from` }, async () => {
    const result = await abortLiveDrill(run.engine, deps, unfinished, `drill ${unfinished.drillId} did not finish (it was ${unfinished.phase} when it stopped)`);
    await drills.save(policy.metadata.name, { ...unfinished, phase: 'finished' }, deps.clock.now());
    const evidence = { drillId: unfinished.drillId, phase: unfinished.phase, actions: result.actions, differences: result.differences };
    if (!result.restored) throw new StepFailure(`the unfinished drill ${unfinished.drillId} could not be undone: ${result.differences.join('; ')}`, evidence);
    return { reason: `${unfinished.drillId} (left ${unfinished.phase}) aborted; endpoints back where it found them${result.actions.length ? `: ${result.actions.join('; ')}` : ''}`, evidence };
  });
}

function resultOf(run: DrillRun, outcome: ModeResult): { result: DrillResult; summary: string } {
  const { recorder } = run;
  const failed = failedStep({ steps: recorder.steps });
  if (recorder.refusedBy) return { result: 'refused', summary: `refused by ${recorder.refusedBy.join(', ')} at step ${failed?.name ?? '?'}: ${failed?.reason ?? ''}` };
  if (failed) return { result: 'failed', summary: `failed at step ${failed.name}: ${failed.reason}` };
  if (!objectivesMet(outcome.rto, outcome.rpo)) return { result: 'failed', summary: [outcome.rto, outcome.rpo].filter((c) => c.met === false).map((c) => c.note).join('; ') };
  const rto = outcome.rto.measuredSeconds === undefined ? '' : `, RTO ${outcome.rto.basis} ${formatDuration(outcome.rto.measuredSeconds)}`;
  const rpo = outcome.rpo.measuredSeconds === undefined ? '' : `, RPO ${formatDuration(outcome.rpo.measuredSeconds)}`;
  return { result: 'passed', summary: `every step passed${rto}${rpo}` };
}

export async function runDrill(deps: DrillDependencies, options: DrillOptions): Promise<DrillReport> {
  const { policy, mode } = options;
  const name = policy.metadata.name;
  const { primary, target } = regionsOf(policy, options.target);
  const startedAt = deps.clock.now();
  const drillId = drillIdOf(name, mode, startedAt);
  const recorder = new StepRecorder(deps.clock, options.onProgress);
  const run: DrillRun = { deps, options, policy, drillId, primary, target, recorder, engine: createEngine(policy, deps), callOptions: options.signal ? { abortSignal: options.signal } : {} };
  const drills = new DrillStore(deps.store);
  const audit = new AuditTrail(deps.store);
  await audit.record({ at: new Date(startedAt).toISOString(), policy: name, kind: 'command', summary: `drill ${drillId} (${mode}) to ${target.name} started`, by: options.by, details: { drillId, mode, target: target.name } });

  const clean = await finishUnfinished(run, drills);
  const outcome: ModeResult = clean ? await modeRunner(mode)(run) : { rto: rtoCheck(policy, undefined, 'measured', 'the drill did not run'), rpo: rpoCheck(policy, undefined) };
  const { result, summary } = resultOf(run, outcome);
  const report: DrillReport = {
    schemaVersion: DRILL_REPORT_SCHEMA_VERSION,
    drillId,
    policy: name,
    mode,
    target: target.name,
    by: options.by,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(deps.clock.now()).toISOString(),
    result,
    summary,
    steps: recorder.steps,
    ...outcome,
    ...(recorder.refusedBy ? { refusedBy: recorder.refusedBy } : {}),
  };
  await drills.appendReport(report);
  await audit.record({
    at: report.endedAt,
    policy: name,
    kind: 'action',
    summary: `drill ${drillId} (${mode}) ${result}: ${summary}`,
    by: options.by,
    ...(report.refusedBy ? { rules: report.refusedBy } : {}),
    details: { drillId, mode, result, rto: report.rto, rpo: report.rpo, ...(report.aborted ? { aborted: report.aborted } : {}) },
  });
  return report;
}
