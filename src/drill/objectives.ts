// Measured (or implied) recovery time and recovery point against `spec.objectives`.
import type { FailoverPolicy } from '../policy/index.js';
import { formatDuration } from '../policy/timing.js';
import type { ObjectiveCheck } from './drill-report.js';

export function rtoCheck(policy: FailoverPolicy, seconds: number | undefined, basis: ObjectiveCheck['basis'], what: string): ObjectiveCheck {
  return objectiveCheck('RTO', policy.spec.objectives.rtoMinutes, seconds, basis, what);
}

export function rpoCheck(policy: FailoverPolicy, backupAgeSeconds: number | undefined): ObjectiveCheck {
  return objectiveCheck('RPO', policy.spec.objectives.rpoMinutes, backupAgeSeconds, 'measured', 'the age of the newest completed backup');
}

function objectiveCheck(name: string, objectiveMinutes: number | undefined, seconds: number | undefined, basis: ObjectiveCheck['basis'], what: string): ObjectiveCheck {
  const base = { basis, ...(objectiveMinutes === undefined ? {} : { objectiveMinutes }), ...(seconds === undefined ? {} : { measuredSeconds: Math.round(seconds) }) };
  if (seconds === undefined) return { ...base, note: `${name} not ${basis}: ${what} is unknown` };
  const value = `${formatDuration(Math.round(seconds))} (${what})`;
  if (objectiveMinutes === undefined) return { ...base, note: `${name} ${basis} ${value}; the policy sets no objective` };
  const met = seconds <= objectiveMinutes * 60;
  return { ...base, met, note: `${name} ${basis} ${value} ${met ? 'meets' : 'MISSES'} the objective of ${objectiveMinutes} min` };
}

/** Passed objectives: none missed (an unknown measurement or no objective does not fail a drill). */
export function objectivesMet(...checks: ObjectiveCheck[]): boolean {
  return checks.every((check) => check.met !== false);
}
