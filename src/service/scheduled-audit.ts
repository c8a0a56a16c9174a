// Scheduled drills (`spec.drills.schedule`, cron in UTC, by node-cron), run only by the replica that
// acts for the policy. Until the drill runner (`src/drill`, `runDrill()`) lands, each run is a
// readiness audit: every region that could take the traffic is checked as a failover target, and
// the results go to the audit trail (and the `drill.completed` event). The seam: pass `runDrill` to
// run the real drill instead; its summary and details are recorded the same way.
import { schedule, type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { ReadinessChecker } from '../core/ports/observer-port.js';
import type { Clock } from '../engine/clock.js';
import type { FailoverPolicy } from '../policy/index.js';
import type { AuditTrail } from '../state/audit-trail.js';

export interface DrillRunResult {
  summary: string;
  ok: boolean;
  details: Record<string, unknown>;
}

export type DrillRunner = (policy: FailoverPolicy, options: { signal: AbortSignal }) => Promise<DrillRunResult>;

export function readinessAudit(readiness: ReadinessChecker, activeRegion: () => Promise<string | undefined>): DrillRunner {
  return async (policy, { signal }) => {
    const active = await activeRegion();
    const targets = policy.spec.regions.map((r) => r.name).filter((r) => r !== active);
    const reports = await Promise.all(targets.map((target) => readiness.check(policy, target, { abortSignal: signal })));
    const failing = reports.flatMap((r) => r.results.filter((x) => x.status !== 'pass').map((x) => `${r.target}/${x.check}: ${x.status} (${x.reason})`));
    const summary = failing.length === 0 ? `readiness audit: ${targets.join(', ')} ready to take the traffic` : `readiness audit: ${failing.length} check(s) not passing — ${failing.join('; ')}`;
    return { summary, ok: failing.length === 0, details: { kind: 'readiness-audit', reports } };
  };
}

export interface ScheduledAuditOptions {
  policy: FailoverPolicy;
  isActing: () => boolean;
  run: DrillRunner;
  audit: AuditTrail;
  clock: Clock;
  onFinished?: (result: DrillRunResult) => void;
  logger?: Logger;
}

export interface DrillSchedule {
  /** Runs the drill now, as the schedule would (skipped when this replica does not act). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the schedule (when the policy has one). */
export function scheduleDrills(options: ScheduledAuditOptions): DrillSchedule {
  const expression = options.policy.spec.drills.schedule;
  if (!expression) return { runNow: () => Promise.resolve(), stop: () => Promise.resolve() };
  const stop = new AbortController();
  const name = options.policy.metadata.name;
  const task: ScheduledTask = schedule(
    expression,
    async () => {
      if (!options.isActing()) return;
      try {
        const result = await options.run(options.policy, { signal: stop.signal });
        await options.audit.record({ at: new Date(options.clock.now()).toISOString(), policy: name, kind: 'action', summary: result.summary, by: 'schedule', details: { scheduled: expression, ok: result.ok, ...result.details } });
        options.onFinished?.(result);
      } catch (error) {
        options.logger?.error({ policy: name, err: error }, 'scheduled drill failed');
      }
    },
    { timezone: 'Etc/UTC', noOverlap: true, name: `aksdr-drill-${name}` },
  );
  return {
    runNow: async () => {
      await task.execute();
    },
    stop: async () => {
      stop.abort();
      await task.destroy();
    },
  };
}
