// The Velero restore step. The restore's name is the plan's (deterministic), so a re-run after a
// crash looks it up first and re-attaches to it; it is created only when absent — never a second
// restore — and then watched until it ends. PartiallyFailed fails the step unless the policy accepts it.
import type { Step } from '../../core/index.js';
import { isAdapterError } from '../../core/ports/adapter-error.js';
import { isTerminalRestorePhase, type RestoreInfo } from '../../core/ports/velero-port.js';
import { call, pollUntil, regionSpec, type StepContext } from './step-context.js';
import { StepError } from './step-error.js';

type RestoreStep = Extract<Step, { kind: 'restore' }>;

async function findRestore(ctx: StepContext, clusterId: string, name: string): Promise<RestoreInfo | undefined> {
  const velero = ctx.ports.clusters.velero(clusterId);
  try {
    return await call(ctx, 'getRestore', (signal) => velero.getRestore(name, { abortSignal: signal }));
  } catch (error) {
    if (isAdapterError(error) && error.code === 'NotFound') return undefined;
    throw error;
  }
}

export async function restore(ctx: StepContext, step: RestoreStep): Promise<Record<string, unknown>> {
  const clusterId = regionSpec(ctx, step.region).cluster;
  const velero = ctx.ports.clusters.velero(clusterId);
  // The API server may be away for a while (its region recovering, a restart): every look waits for
  // it within the step's timeout, not only within one call's retries.
  const { existing } = await pollUntil(ctx, async () => ({ existing: await findRestore(ctx, clusterId, step.restoreName) }));
  const created = existing === undefined;
  if (created) {
    const spec = {
      name: step.restoreName,
      scheduleName: step.schedule,
      ...(step.includedNamespaces ? { includedNamespaces: step.includedNamespaces } : {}),
      restorePVs: step.restorePVs,
      existingResourcePolicy: step.existingResourcePolicy,
    };
    // createRestore returns the existing restore of that name, so even a lost answer is safe to retry.
    await pollUntil(ctx, () => call(ctx, 'createRestore', (signal) => velero.createRestore(spec, { abortSignal: signal })));
  }
  let last: RestoreInfo | undefined = existing;
  try {
    last = await pollUntil(ctx, async () => {
      const info = await call(ctx, 'getRestore', (signal) => velero.getRestore(step.restoreName, { abortSignal: signal }));
      last = info;
      return isTerminalRestorePhase(info.phase) ? info : undefined;
    });
  } catch (error) {
    if (error instanceof StepError && error.code === 'StepTimeout') {
      throw new StepError('RestoreFailed', `restore ${step.restoreName} in ${step.region} did not finish within ${step.timeoutMinutes} min (phase ${last?.phase || 'New'})`, { cause: error, evidence: { phase: last?.phase } });
    }
    throw error;
  }
  const result = { restoreName: step.restoreName, created, phase: last.phase, backupName: last.backupName, errors: last.errors, warnings: last.warnings };
  if (last.phase === 'Completed') return result;
  if (last.phase === 'PartiallyFailed' && step.acceptPartiallyFailed) return { ...result, accepted: 'PartiallyFailed' };
  const why = last.failureReason ?? last.validationErrors?.join('; ') ?? `${last.errors} item(s) failed`;
  throw new StepError('RestoreFailed', `restore ${step.restoreName} in ${step.region} ended ${last.phase}: ${why}`, { evidence: result });
}
