// The real drill for `spec.drills.schedule` in the service: `runDrill` (src/drill) in the policy's
// mode, as the replica that acts for the policy, its report kept in the state store (`aksdr history`
// and `GET /api/v1/policies/{name}` show it). A scheduled live drill runs only with
// `spec.drills.allowLive`; without it a live schedule rehearses as a dry run and says so.
import type { Logger } from 'pino';
import { runDrill } from '../drill/run-drill.js';
import type { ScratchNamespaces } from '../drill/drill-context.js';
import type { Clock } from '../engine/clock.js';
import type { ActionPorts } from '../engine/executor/executor-ports.js';
import type { StateStore } from '../state/state-store.js';
import type { DrillRunner } from './scheduled-audit.js';

export interface ScheduledDrillDependencies {
  store: StateStore;
  clock: Clock;
  ports: ActionPorts;
  logger?: Logger;
}

function namespacesOf(ports: ActionPorts): ScratchNamespaces {
  const clusters = ports.clusters as Partial<ScratchNamespaces>;
  if (typeof clusters.deleteNamespace === 'function') return clusters as ScratchNamespaces;
  return { deleteNamespace: () => Promise.reject(new Error('this runtime cannot delete namespaces')) };
}

export function scheduledDrill(deps: ScheduledDrillDependencies): DrillRunner {
  return async (policy, { signal }) => {
    const { mode: wanted, allowLive } = policy.spec.drills;
    const mode = wanted === 'live' && !allowLive ? 'dry-run' : wanted;
    const report = await runDrill(
      { store: deps.store, clock: deps.clock, ports: deps.ports, namespaces: namespacesOf(deps.ports), ...(deps.logger ? { logger: deps.logger } : {}) },
      { policy, mode, by: 'schedule', signal },
    );
    const downgraded = mode !== wanted ? ' (a live schedule without drills.allowLive runs as a dry run)' : '';
    return { summary: `scheduled drill ${report.drillId}: ${report.result} — ${report.summary}${downgraded}`, ok: report.result === 'passed', details: { kind: 'drill', drillId: report.drillId, mode, result: report.result, rto: report.rto, rpo: report.rpo } };
  };
}
