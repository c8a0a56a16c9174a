// Putting a live drill's world back: finish whatever operation the engine has in flight (the journal
// resumes it exactly once), then, if the traffic is on the drill's target, fail back (forcing only
// the hold-down, as a drill's failback does); a failed operation left the engine Held after its
// executor reverted the weights, so the drill releases that hold. Ends by comparing the endpoints
// with those the drill started from.
import { loadDocument } from '../engine/engine-document.js';
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
  // A cycle finishes an operation in flight first (FailingOver/FailingBack left by Ctrl-C or a kill).
  const cycle = await engine.runCycle();
  if (cycle.resumed) actions.push(`finished ${cycle.resumed.operationId} (${cycle.resumed.result})`);
  let { doc } = await loadDocument(deps.store, policy, deps.clock.now());
  if (doc.engine.kind === 'Held' && doc.engine.reason === 'operation-failed') {
    await engine.runCycle({ command: { kind: 'resume', by: record.by, reason: `DR drill ${record.drillId} aborted: ${reason}` } });
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
  const differences = endpointDifferences(record.startingEndpoints, await endpointsNow(deps.ports.trafficManager, policy));
  return { restored: differences.length === 0, actions, differences };
}
