// `backupFreshness`: the newest Completed backup of `readiness.backup.schedule`, as the TARGET
// cluster's Velero sees it (the one that would restore it), started less than `maxAgeMinutes` ago.
// Age counts from the backup's start: that is the moment its data is from.
import type { ReadinessResult } from '../core/readiness.js';
import type { ReadinessCheckDefinition } from './check-context.js';
import { result, unreadable } from './results.js';

const check = 'backupFreshness';

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}

export const backupFreshnessCheck: ReadinessCheckDefinition = {
  name: check,
  applies: (policy) => policy.spec.readiness.backup !== undefined,
  async run(run): Promise<ReadinessResult> {
    const spec = run.policy.spec.readiness.backup;
    if (!spec) return result(run, check, 'unknown', 'readiness.backup is not set');
    let newest;
    try {
      newest = await run.reads.newestBackup(run.target, spec.schedule);
    } catch (error) {
      return unreadable(run, check, `the backups in ${run.target.name}`, error);
    }
    if (!newest) return result(run, check, 'fail', `no Completed backup of schedule ${spec.schedule} in ${run.target.name}`, { schedule: spec.schedule });
    const started = Date.parse(newest.startTimestamp ?? newest.completionTimestamp ?? '');
    if (Number.isNaN(started)) return result(run, check, 'unknown', `backup ${newest.name} has no start time`, { backup: newest.name });
    const ageInMs = run.ports.clock.now() - started;
    const evidence = { schedule: spec.schedule, backup: newest.name, startedAt: newest.startTimestamp, ageMinutes: Math.floor(ageInMs / 60_000), maxAgeMinutes: spec.maxAgeMinutes };
    if (ageInMs > spec.maxAgeMinutes * 60_000) {
      return result(run, check, 'fail', `newest backup ${newest.name} is ${formatAge(ageInMs)} old (limit ${spec.maxAgeMinutes} min)`, evidence);
    }
    return result(run, check, 'pass', `newest backup ${newest.name} is ${formatAge(ageInMs)} old (limit ${spec.maxAgeMinutes} min)`, evidence);
  },
};
