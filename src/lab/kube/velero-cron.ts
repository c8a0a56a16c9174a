// A Velero Schedule's cron expression on the lab clock, compressed by the lab's time scale. Velero
// evaluates `spec.schedule` as a standard five-field cron (robfig/cron's standard parser, in the
// server's time zone — UTC in its image); croner does the cron arithmetic here.
//
// Compression: the cron runs on a virtual clock that moves `timeScale` times faster than the lab's
// from `originMs` (the schedule's creation): virtual = origin + (t − origin) × F. An hourly schedule
// at F = 10 runs every 6 minutes of lab time; at F = 1 virtual time is the lab's time.
import { Cron } from 'croner';

export interface CronTime {
  originMs: number;
  timeScale: number;
}

function cronOf(expression: string): Cron {
  return new Cron(expression, { timezone: 'Etc/UTC', paused: true, mode: '5-part' });
}

/** Why Velero would refuse the expression, or undefined when it is a valid schedule. */
export function cronProblem(expression: unknown): string | undefined {
  if (typeof expression !== 'string' || expression.trim() === '') return 'empty schedule';
  try {
    cronOf(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const toVirtual = (ms: number, t: CronTime): number => t.originMs + (ms - t.originMs) * t.timeScale;
const toLab = (ms: number, t: CronTime): number => t.originMs + (ms - t.originMs) / t.timeScale;

/** The schedule's runs after `afterMs` up to and including `untilMs`, lab time, oldest first; at most `limit` (the most recent). */
export function cronRunsBetween(expression: string, afterMs: number, untilMs: number, time: CronTime, limit: number): number[] {
  const cron = cronOf(expression);
  const runs: number[] = [];
  let from = new Date(toVirtual(afterMs, time));
  const until = toVirtual(untilMs, time);
  // Bounded walk: after a long clock jump only the last `limit` runs matter.
  for (let i = 0; i < 10_000; i++) {
    const next = cron.nextRun(from);
    if (!next || next.getTime() > until) break;
    runs.push(toLab(next.getTime(), time));
    if (runs.length > limit) runs.shift();
    from = next;
  }
  return runs;
}

/** The schedule's last `count` runs before `beforeMs`, lab time, oldest first (seeding a fresh lab's history). */
export function cronRunsBefore(expression: string, beforeMs: number, count: number, time: CronTime): number[] {
  return cronOf(expression)
    .previousRuns(count, new Date(toVirtual(beforeMs, time)))
    .map((d) => toLab(d.getTime(), time))
    .reverse();
}
