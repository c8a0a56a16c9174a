// What the API shows of policies: read from the shared state store, so every replica answers the
// same whichever one acts — the engine document (state, health, readiness) and the audit trail
// (last decision, history) — plus who acts as this replica sees it.
import { loadDocument } from '../engine/engine-document.js';
import { liveLoop } from '../engine/loop-presence.js';
import { AuditTrail } from '../state/audit-trail.js';
import { DrillStore } from '../drill/drill-store.js';
import type { AppDependencies } from './app.js';
import { HttpError } from './http-error.js';

export async function policyList(deps: AppDependencies): Promise<unknown> {
  const status = deps.service.status();
  const policies = await Promise.all(
    status.policies.map(async (p) => {
      const found = deps.service.find(p.name);
      const doc = found ? (await loadDocument(deps.store, found.entry.policy, deps.clock.now())).doc : undefined;
      const regions = Object.fromEntries(Object.entries(doc?.health.regions ?? {}).map(([region, h]) => [region, h.status]));
      return { name: p.name, file: p.file, state: doc?.engine.kind, active: doc?.engine.active, regions, actingHere: p.leading };
    }),
  );
  return { replica: status.replica, policies, invalidFiles: status.loadErrors.map((e) => ({ file: e.file, errors: e.errors, keptRunning: e.keptRunning })) };
}

export async function policyDetail(deps: AppDependencies, name: string): Promise<unknown> {
  const found = deps.service.find(name);
  if (!found) throw new HttpError(404, 'PolicyNotFound', `no policy named ${name} runs here`);
  const now = deps.clock.now();
  const { doc } = await loadDocument(deps.store, found.entry.policy, now);
  const history = await new AuditTrail(deps.store).query(name, { limit: 50 });
  const lastDecision = [...history].reverse().find((r) => r.kind === 'decision');
  const loop = await liveLoop(deps.store, name, now);
  const drills = await new DrillStore(deps.store).reports(name, 10);
  return {
    name,
    file: found.entry.file,
    state: doc.engine,
    health: doc.health,
    readiness: doc.readiness ?? {},
    actingHere: found.runner.leading,
    actor: loop ? { host: loop.host, heartbeatAt: new Date(loop.heartbeatAt).toISOString() } : null,
    lastDecision: lastDecision ?? null,
    history,
    /** The newest drill reports (scheduled or run from the CLI), oldest first. */
    drills,
  };
}
