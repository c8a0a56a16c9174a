// Everything one policy runs with in the service, assembled: its adapters (from the runtime
// factory), the observer that publishes and applies the vantage quorum, its lease and leadership,
// the runner, the metrics and events drawn from each cycle, and the drill schedule.
import type { ReadinessReport } from '../core/index.js';
import type { EngineRuntime } from '../cli/commands/engine/engine-setup.js';
import type { CycleReport } from '../engine/engine.js';
import { loadDocument } from '../engine/engine-document.js';
import { eventsOf } from '../notify/notifier.js';
import type { AuditTrail } from '../state/audit-trail.js';
import { Leadership, type LeadershipTimings } from './leadership.js';
import type { PolicyEntry } from './policy-directory.js';
import { PolicyRunner } from './policy-runner.js';
import { QuorumObserver } from './quorum-observer.js';
import { ReadinessWatch } from './readiness-watch.js';
import type { ReplicaPresence } from './replica-presence.js';
import { readinessAudit, scheduleDrills, type DrillSchedule } from './scheduled-audit.js';
import type { ServiceOptions } from './service.js';
import type { VantageBoard } from './vantage-board.js';

export interface Slot {
  entry: PolicyEntry;
  runner: PolicyRunner;
  runtime: EngineRuntime;
  drills: DrillSchedule;
  lastReport?: CycleReport;
}

export interface SlotContext extends ServiceOptions {
  presence: ReplicaPresence;
  board: VantageBoard;
  audit: AuditTrail;
  timings: LeadershipTimings;
}

export async function openPolicySlot(entry: PolicyEntry, context: SlotContext): Promise<Slot> {
  const { store, clock, logger, metrics, leases, replica, notifier, presence, board, timings } = context;
  const policy = entry.policy;
  const name = policy.metadata.name;
  const runtime = await context.runtime(entry);
  const observer = new QuorumObserver(runtime.ports.observer, { replica, board, clock, logger, onLocalCycle: (_p, cycle) => metrics.recordObservations(name, cycle) });
  const leadership = new Leadership(name, leases.lease(name, replica), clock, timings, logger);
  const readinessWatch = new ReadinessWatch(policy);
  const watchReadiness = (reports: readonly ReadinessReport[]): void => {
    for (const report of reports) {
      const event = readinessWatch.update(report);
      if (event) notifier?.notify(policy, event);
    }
  };
  const holder: { slot?: Slot } = {};
  let wasLeading = false;
  const runner = new PolicyRunner({
    policy,
    store,
    clock,
    ports: { ...runtime.ports, observer },
    leadership,
    renewEveryInMs: timings.renewEveryInMs,
    // The preferred replica tries every period; the others every fourth, so a policy whose
    // preferred replica cannot take it (its lease blob unreachable from there) still gets an actor.
    shouldTry: (attempt) => presence.preferredFor(name) === replica || attempt % 4 === 3,
    // Hand over only to a replica live for a while (a flapping one would bounce the policy).
    shouldYield: () => {
      const preferred = presence.preferredFor(name);
      return preferred !== replica && presence.liveFor(preferred, clock.now()) >= 6 * timings.renewEveryInMs;
    },
    onLeadership: (leading) => {
      if (!leading && wasLeading) void metrics.forgetActing(name);
      wasLeading = leading;
      metrics.leader.set({ policy: name }, leading ? 1 : 0);
    },
    onCycle: (report) => {
      if (holder.slot) holder.slot.lastReport = report;
      metrics.recordCycle(name, report, clock.now());
      for (const event of eventsOf(report)) notifier?.notify(policy, event);
      watchReadiness(Object.values(report.readiness ?? {}));
    },
    logger,
    ...(context.engineOptions ? { engineOptions: context.engineOptions } : {}),
  });
  const drill = context.drillRunner?.(runtime) ?? readinessAudit(runtime.ports.readiness, async () => (await loadDocument(store, policy, clock.now())).doc.engine.active);
  const drills = scheduleDrills({
    policy,
    isActing: () => runner.leading,
    run: drill,
    audit: context.audit,
    clock,
    logger,
    onFinished: (result) => {
      notifier?.notify(policy, { event: 'drill.completed', severity: result.ok ? 'info' : 'warning', message: result.summary });
      if (Array.isArray(result.details.reports)) watchReadiness(result.details.reports as ReadinessReport[]);
    },
  });
  holder.slot = { entry, runner, runtime, drills };
  return holder.slot;
}
