// live: a real failover to the target through the engine (its safety rules, its journal), verified
// and timed, then a failback, verified against the endpoints the drill started from. The drill's
// record is saved in the state store before anything moves and at every phase, so an abort — a
// failed step, Ctrl-C, or a kill found by the next run — knows what to put back.
import type { Plan } from '../core/plan/plan-types.js';
import { describeStep } from '../core/plan/describe-plan.js';
import { abortLiveDrill } from './drill-abort.js';
import { backupStep, planStep, readinessSteps } from './drill-checks.js';
import type { DrillRun } from './drill-context.js';
import { drillCommand, drillFailbackForce, move } from './drill-moves.js';
import { DrillStore, type DrillPhase, type DrillRecord, DRILL_RECORD_SCHEMA_VERSION } from './drill-store.js';
import type { ModeResult } from './dry-run-drill.js';
import { endpointDifferences, endpointsNow } from './endpoints-now.js';
import { rpoCheck, rtoCheck } from './objectives.js';
import { stepBudgetSeconds } from './plan-budget.js';
import { StepFailure, type StepSpec } from './step-recorder.js';

export async function liveDrill(run: DrillRun): Promise<ModeResult> {
  const { recorder, deps, policy, target, primary, drillId, options, engine } = run;
  const drills = new DrillStore(deps.store);
  const name = policy.metadata.name;
  const failoverSpec: StepSpec = { name: 'failover', title: `fail over to ${target.name}`, waitsFor: `the engine to move the traffic to ${target.name}` };
  const later: StepSpec[] = [
    failoverSpec,
    { name: 'verify-failover', title: `traffic on ${target.name}`, waitsFor: '' },
    { name: 'failback', title: `fail back to ${primary.name}`, waitsFor: '' },
    { name: 'verify-failback', title: 'endpoints as the drill found them', waitsFor: '' },
  ];

  // Preflight: nothing moves unless the engine would accept the failover now. The plan is asked even
  // when a check failed, so the safety rule that would refuse it is named (exit 3, not 1).
  await readinessSteps(run);
  const backup = await backupStep(run);
  const rpo = rpoCheck(policy, backup?.ageSeconds);
  const preview = await planStep(run, 'failover');
  const noRto = rtoCheck(policy, undefined, 'measured', 'the failover did not complete');
  if (!preview || recorder.failed) {
    for (const spec of later) recorder.skip(spec, 'the preflight did not pass: nothing was moved');
    return { rto: noRto, rpo };
  }

  const startingEndpoints = await endpointsNow(deps.ports.trafficManager, policy, run.callOptions);
  let record: DrillRecord = { schemaVersion: DRILL_RECORD_SCHEMA_VERSION, drillId, mode: 'live', target: target.name, by: options.by, startedAt: new Date(deps.clock.now()).toISOString(), phase: 'started', startingEndpoints };
  const phase = async (next: DrillPhase): Promise<void> => {
    record = { ...record, phase: next };
    await drills.save(name, record, deps.clock.now());
  };
  await phase('started');
  await phase('failing-over');

  let executed: Plan | undefined;
  let rtoSeconds: number | undefined;
  const failoverStart = deps.clock.now();
  const steps = [
    async (): Promise<boolean> =>
      recorder.run(failoverSpec, async () => {
        const result = await move(engine, deps, drillCommand('failover', { to: target.name, by: options.by, drillId }), options.signal);
        executed = result.plan;
        rtoSeconds = (deps.clock.now() - failoverStart) / 1000;
        return { reason: `${result.operationId ?? ''} completed in ${Math.round(rtoSeconds)} s: ${result.outcome?.reason ?? ''}`, evidence: { operationId: result.operationId, outcome: result.outcome } };
      }),
    async (): Promise<boolean> =>
      recorder.run({ name: 'verify-failover', title: `traffic on ${target.name}`, waitsFor: 'Traffic Manager to read back the endpoints' }, async () => {
        const expected = executed?.finalEndpoints ?? {};
        const found = await endpointsNow(deps.ports.trafficManager, policy, run.callOptions);
        const differences = endpointDifferences(expected, found);
        if (differences.length > 0) throw new StepFailure(`Traffic Manager does not show the failed-over endpoints: ${differences.join('; ')}`, { expected, found });
        return { reason: `Traffic Manager sends the traffic to ${target.name}`, evidence: { endpoints: found } };
      }),
    async (): Promise<boolean> => {
      await phase('failing-back');
      return recorder.run({ name: 'failback', title: `fail back to ${primary.name}`, waitsFor: `the engine to move the traffic back to ${primary.name}` }, async () => {
        const result = await move(engine, deps, drillCommand('failback', { to: primary.name, by: options.by, drillId, force: drillFailbackForce }), options.signal);
        return { reason: `${result.operationId ?? ''} completed (forced ${drillFailbackForce.join(', ')} with the drill as reason)`, evidence: { operationId: result.operationId, outcome: result.outcome, forced: drillFailbackForce } };
      });
    },
    async (): Promise<boolean> =>
      recorder.run({ name: 'verify-failback', title: 'endpoints as the drill found them', waitsFor: 'Traffic Manager to read back the endpoints' }, async () => {
        const found = await endpointsNow(deps.ports.trafficManager, policy, run.callOptions);
        const differences = endpointDifferences(startingEndpoints, found);
        if (differences.length > 0) throw new StepFailure(`the endpoints are not back where the drill found them: ${differences.join('; ')}`, { startingEndpoints, found });
        return { reason: 'the endpoints are back where the drill found them', evidence: { endpoints: found } };
      }),
  ];
  let failedAt = -1;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (!step) continue;
    if (options.signal?.aborted || !(await step())) {
      failedAt = i;
      break;
    }
  }
  const plan = (executed ?? preview).steps.map((step) => ({ step: step.kind, does: describeStep(step), budgetSeconds: stepBudgetSeconds(step) }));
  const rto = rtoSeconds === undefined ? noRto : rtoCheck(policy, rtoSeconds, 'measured', 'failover command to traffic moved and verified');
  const overrides = failedAt === -1 || failedAt > 2 ? [...drillFailbackForce] : [];
  if (failedAt === -1) {
    await phase('finished');
    return { rto, rpo, plan, startingEndpoints, finalEndpoints: startingEndpoints, overrides };
  }

  for (const spec of later.slice(failedAt + 1)) recorder.skip(spec, 'the drill was aborted');
  const why = options.signal?.aborted ? 'interrupted by the operator' : `step ${later[failedAt]?.name ?? '?'} failed`;
  await phase('aborting');
  const aborted = await recorder.run({ name: 'abort', title: 'put the starting endpoints back', waitsFor: 'the engine to finish what is in flight and move the traffic back' }, async () => {
    const result = await abortLiveDrill(run.engine, deps, record, why);
    if (!result.restored) throw new StepFailure(`the endpoints are NOT back where the drill found them: ${result.differences.join('; ')}; look with: aksdr status, aksdr history`, { actions: result.actions, differences: result.differences });
    return { reason: `endpoints back where the drill found them${result.actions.length > 0 ? ` (${result.actions.join('; ')})` : ''}`, evidence: { actions: result.actions } };
  });
  // An abort that did not put the endpoints back stays `aborting`: the next drill tries it again first.
  if (aborted) await phase('finished');
  const finalEndpoints = await endpointsNow(deps.ports.trafficManager, policy).catch(() => undefined);
  return { rto, rpo, plan, startingEndpoints, ...(finalEndpoints ? { finalEndpoints } : {}), overrides, aborted: { reason: why, restored: aborted } };
}
