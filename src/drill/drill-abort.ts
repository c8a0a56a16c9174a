// Putting a live drill's world back: finish whatever operation the engine has in flight (the journal
// resumes it exactly once), then, if the traffic is on the drill's target, fail back (forcing only
// the hold-down, as a drill's failback does); a failed operation left the engine Held after its
// executor reverted the weights, so the drill releases that hold. Ends by comparing the endpoints
// with those the drill started from.
import { loadDocument, saveDocument } from '../engine/engine-document.js';
import { executeCommand } from '../engine/execute-command.js';
import { liveLoop } from '../engine/loop-presence.js';
import type { PolicyEngine } from '../engine/engine.js';
import { AuditTrail } from '../state/audit-trail.js';
import type { DrillDependencies } from './drill-context.js';
import { drillCommand, drillFailbackForce, move } from './drill-moves.js';
import type { DrillRecord } from './drill-store.js';
import { endpointDifferences, endpointsNow } from './endpoints-now.js';

export interface AbortResult {
  restored: boolean;
  /** What was done, in order, for the report. */
  actions: string[];
  differences: string[];
}

export async function abortLiveDrill(engine: PolicyEngine, deps: DrillDependencies, record: DrillRecord, reason: string): Promise<AbortResult> {
  const { policy } = engine;
  const actions: string[] = [];
  const name = policy.metadata.name;
  await new AuditTrail(deps.store).record({ at: new Date(deps.clock.now()).toISOString(), policy: name, kind: 'action', summary: `drill ${record.drillId} aborting: ${reason}`, by: record.by, details: { drillId: record.drillId, phase: record.phase } });
  await finishInFlight(engine, deps, actions);
  let { doc } = await loadDocument(deps.store, policy, deps.clock.now());
  if (doc.engine.kind === 'Held' && doc.engine.reason === 'operation-failed') {
    const resume = { kind: 'resume' as const, by: record.by, reason: `DR drill ${record.drillId} aborted: ${reason}` };
    await executeCommand(engine, resume, { store: deps.store, clock: deps.clock, waitMs: deps.commandWaitMs ?? 600_000 });
    actions.push('released the hold the failed operation left');
    ({ doc } = await loadDocument(deps.store, policy, deps.clock.now()));
  }
  if (doc.engine.active === record.target) {
    try {
      const result = await move(engine, deps, drillCommand('failback', { to: '', by: record.by, drillId: record.drillId, force: drillFailbackForce }));
      actions.push(`failed back (${result.operationId ?? ''})`);
    } catch (error) {
      actions.push(`failback failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let differences = endpointDifferences(record.startingEndpoints, await endpointsNow(deps.ports.trafficManager, policy));
  ({ doc } = await loadDocument(deps.store, policy, deps.clock.now()));
  if (differences.length > 0 && doc.engine.kind === 'Steady') {
    await putBackEndpoints(engine, deps, record);
    actions.push(`set the endpoints back directly: ${differences.join('; ')}`);
    differences = endpointDifferences(record.startingEndpoints, await endpointsNow(deps.ports.trafficManager, policy));
  }
  return { restored: differences.length === 0, actions, differences };
}

const inFlight = (kind: string): boolean => kind === 'FailingOver' || kind === 'FailingBack';

/**
 * Finishes an operation left in flight (FailingOver/FailingBack, after Ctrl-C or a kill): here, by a
 * cycle (the journal resumes it exactly once) — or, when a loop runs in another process, by waiting
 * for that loop to finish it: two processes must never drive the same operation.
 */
async function finishInFlight(engine: PolicyEngine, deps: DrillDependencies, actions: string[]): Promise<void> {
  const name = engine.policy.metadata.name;
  if (!(await liveLoop(deps.store, name, deps.clock.now()))) {
    const cycle = await engine.runCycle();
    if (cycle.resumed) actions.push(`finished ${cycle.resumed.operationId} (${cycle.resumed.result})`);
    return;
  }
  const deadline = deps.clock.now() + (deps.commandWaitMs ?? 600_000);
  for (;;) {
    const { doc } = await loadDocument(deps.store, engine.policy, deps.clock.now());
    if (!inFlight(doc.engine.kind)) return;
    if (deps.clock.now() >= deadline) throw new Error(`the loop running ${name} did not finish ${doc.engine.kind === 'FailingOver' || doc.engine.kind === 'FailingBack' ? doc.engine.operationId : ''} in time`);
    await deps.clock.sleep(deps.pollIntervalMs ?? 2_000);
  }
}

/**
 * The engine is home (Steady on the primary) but the endpoints are not: a failover that failed after
 * its traffic shift (its restore, say) leaves Held with the primary active and the weights on the
 * target, and resuming keeps them there — no engine command moves them back. The drill sets its
 * starting endpoints itself, the primary's first so one endpoint always serves, then records them as
 * the engine's endpoints so its belief matches the world again.
 */
async function putBackEndpoints(engine: PolicyEngine, deps: DrillDependencies, record: DrillRecord): Promise<void> {
  const { policy } = engine;
  const primary = policy.spec.regions.find((region) => region.role === 'primary')?.name;
  const regions = Object.keys(record.startingEndpoints).sort((a, b) => Number(b === primary) - Number(a === primary));
  const type = policy.spec.regions.find((region) => region.name === primary)?.endpointType ?? 'ExternalEndpoints';
  for (const region of regions) {
    const setting = record.startingEndpoints[region];
    if (!setting) continue;
    const regionType = policy.spec.regions.find((r) => r.name === region)?.endpointType ?? type;
    await deps.ports.trafficManager.setEndpoint(policy.spec.trafficManager.profile, regionType, setting.endpoint, { status: setting.status, ...(setting.weight === undefined ? {} : { weight: setting.weight }), ...(setting.priority === undefined ? {} : { priority: setting.priority }) });
  }
  const loaded = await loadDocument(deps.store, policy, deps.clock.now());
  await saveDocument(deps.store, policy, { ...loaded.doc, engine: { ...loaded.doc.engine, endpoints: record.startingEndpoints } }, loaded.revision, deps.clock.now());
  await new AuditTrail(deps.store).record({ at: new Date(deps.clock.now()).toISOString(), policy: policy.metadata.name, kind: 'action', summary: `drill ${record.drillId}: endpoints set back to where the drill found them`, by: record.by, details: { drillId: record.drillId, endpoints: record.startingEndpoints } });
}
