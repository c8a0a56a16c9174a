// `backupLocation`: the target cluster's Velero can read its backup storage location (phase
// Available) — without it, a restore fails validation.
import type { ReadinessResult } from '../core/readiness.js';
import type { ReadinessCheckDefinition } from './check-context.js';
import { result, unreadable } from './results.js';

const check = 'backupLocation';

export const backupLocationCheck: ReadinessCheckDefinition = {
  name: check,
  applies: (policy) => policy.spec.readiness.backup !== undefined || policy.spec.recovery !== undefined,
  async run(run): Promise<ReadinessResult> {
    let location;
    try {
      location = await run.ports.clusters.velero(run.target.cluster).getBackupStorageLocation(undefined, run.options);
    } catch (error) {
      return unreadable(run, check, `the backup storage location in ${run.target.name}`, error);
    }
    const evidence = { location: location.name, phase: location.phase || 'unvalidated', ...(location.lastValidationTime ? { lastValidationTime: location.lastValidationTime } : {}), ...(location.message ? { message: location.message } : {}) };
    if (location.phase === 'Available') return result(run, check, 'pass', `backup storage location ${location.name} is Available`, evidence);
    return result(run, check, 'fail', `backup storage location ${location.name} is ${location.phase || 'not validated yet'}${location.message ? `: ${location.message}` : ''}`, evidence);
  },
};
