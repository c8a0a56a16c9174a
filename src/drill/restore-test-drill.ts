// restore-test: restores the newest backup of the schedule into the target cluster under scratch
// namespaces (Velero `namespaceMapping`: shop → shop-drill-<time>), waits for the restored workloads
// to become available, measures the time, then deletes the scratch namespaces — whatever happened.
// Proves the backups can be restored without touching production traffic or production namespaces.
import { isTerminalRestorePhase, type RestoreInfo } from '../core/ports/velero-port.js';
import { formatDuration } from '../policy/timing.js';
import { backupStep } from './drill-checks.js';
import type { DrillRun } from './drill-context.js';
import type { ModeResult } from './dry-run-drill.js';
import { rpoCheck, rtoCheck } from './objectives.js';
import { StepFailure } from './step-recorder.js';

/** A Kubernetes name (≤ 63, lowercase) unique to this drill: `<namespace>-drill-<yyyymmddthhmmssz>`. */
export function scratchNamespaceOf(namespace: string, drillId: string): string {
  const stamp = drillId.slice(drillId.lastIndexOf('-') + 1).toLowerCase();
  return `${namespace.slice(0, 63 - stamp.length - 7)}-drill-${stamp}`;
}

function restoreNameOf(drillId: string): string {
  return drillId.toLowerCase().slice(0, 63).replace(/-+$/, '');
}

export async function restoreTestDrill(run: DrillRun): Promise<ModeResult> {
  const { recorder, deps, policy, target, drillId } = run;
  const velero = policy.spec.recovery?.velero;
  const backup = await backupStep(run);
  const rpo = rpoCheck(policy, backup?.ageSeconds);
  const namespaces = velero?.includedNamespaces ?? (policy.spec.health.workloads ? [policy.spec.health.workloads.namespace] : []);
  const later = [
    { name: 'restore', title: `restore into scratch namespaces in ${target.name}`, waitsFor: '' },
    { name: 'workloads', title: 'restored workloads available', waitsFor: '' },
    { name: 'cleanup', title: 'delete the scratch namespaces', waitsFor: '' },
  ];
  const noRto = rtoCheck(policy, undefined, 'measured', 'the restore did not complete');
  if (!velero || namespaces.length === 0) {
    for (const spec of later) recorder.skip(spec, 'the policy has no recovery.velero with includedNamespaces (or health.workloads) to restore');
    if (recorder.steps.every((s) => s.outcome !== 'failed')) recorder.record({ name: 'restore-test', title: 'restore test', waitsFor: '' }, deps.clock.now(), 'failed', { reason: 'nothing to restore: set recovery.velero (with includedNamespaces) in the policy' });
    return { rto: noRto, rpo };
  }
  if (!backup || recorder.failed) {
    for (const spec of later) recorder.skip(spec, 'no usable backup');
    return { rto: noRto, rpo };
  }

  const mapping = Object.fromEntries(namespaces.map((ns) => [ns, scratchNamespaceOf(ns, drillId)]));
  const port = deps.ports.clusters.velero(target.cluster);
  const kube = deps.ports.clusters.kubernetes(target.cluster);
  const poll = deps.pollIntervalMs ?? 2_000;
  const deadline = (): number => deps.clock.now() + velero.timeoutMinutes * 60_000;
  const restoreStart = deps.clock.now();
  let restoredAt: number | undefined;
  try {
    const restored = await recorder.run({ name: 'restore', title: `restore ${backup.backup.name} into ${Object.values(mapping).join(', ')} in ${target.name}`, waitsFor: `Velero in ${target.name} to finish the restore` }, async () => {
      let restore: RestoreInfo = await port.createRestore(
        { name: restoreNameOf(drillId), backupName: backup.backup.name, includedNamespaces: namespaces, namespaceMapping: mapping, restorePVs: velero.restorePVs, existingResourcePolicy: 'none' },
        run.callOptions,
      );
      const until = deadline();
      while (!isTerminalRestorePhase(restore.phase)) {
        if (deps.clock.now() >= until) throw new StepFailure(`restore ${restore.name} still ${restore.phase || 'pending'} after ${velero.timeoutMinutes} min`, { restore });
        recorder.waiting('restore', `restore ${restore.name}: ${restore.phase || 'pending'}`);
        await deps.clock.sleep(poll, run.options.signal);
        restore = await port.getRestore(restore.name, run.callOptions);
      }
      const evidence = { restore: restore.name, phase: restore.phase, backup: backup.backup.name, namespaceMapping: mapping, errors: restore.errors, warnings: restore.warnings };
      const accepted = restore.phase === 'Completed' || (restore.phase === 'PartiallyFailed' && velero.acceptPartiallyFailed);
      if (!accepted) throw new StepFailure(`restore ${restore.name} ended ${restore.phase}${restore.failureReason ? `: ${restore.failureReason}` : ''}${restore.validationErrors ? `: ${restore.validationErrors.join('; ')}` : ''}`, evidence);
      return { reason: `${restore.name} ${restore.phase}`, evidence };
    });
    if (!restored) {
      recorder.skip(later[1] ?? { name: 'workloads', title: '', waitsFor: '' }, 'the restore did not complete');
    } else {
      await recorder.run({ name: 'workloads', title: `restored workloads available in ${Object.values(mapping).join(', ')}`, waitsFor: 'the restored Deployments to become available' }, async () => {
        const until = deadline();
        for (;;) {
          const deployments = (await Promise.all(Object.values(mapping).map((ns) => kube.getDeployments(ns, undefined, run.callOptions)))).flat();
          const unavailable = deployments.filter((d) => d.available < Math.max(1, Math.ceil(d.replicas * (policy.spec.health.workloads?.minAvailableRatio ?? 1))));
          const evidence = { deployments: deployments.map((d) => ({ namespace: d.namespace, name: d.name, replicas: d.replicas, available: d.available })) };
          if (deployments.length > 0 && unavailable.length === 0) {
            restoredAt = deps.clock.now();
            return { reason: `${deployments.length} Deployment(s) available ${formatDuration(Math.round((restoredAt - restoreStart) / 1000))} after the restore started`, evidence };
          }
          // Velero creates the objects during the restore: none after it completed will not come later.
          if (deployments.length === 0) throw new StepFailure(`the restore created no Deployment in ${Object.values(mapping).join(', ')}`, evidence);
          if (deps.clock.now() >= until) throw new StepFailure(`not available after ${velero.timeoutMinutes} min: ${unavailable.map((d) => `${d.namespace}/${d.name} ${d.available}/${d.replicas}`).join(', ')}`, evidence);
          recorder.waiting('workloads', `${unavailable.length} Deployment(s) not yet available`);
          await deps.clock.sleep(poll, run.options.signal);
        }
      });
    }
  } finally {
    // The scratch namespaces go whatever happened (a failed restore may have made some of them).
    await recorder.run({ name: 'cleanup', title: `delete ${Object.values(mapping).join(', ')} in ${target.name}`, waitsFor: `the API server of ${target.name} to delete the scratch namespaces` }, async () => {
      for (const ns of Object.values(mapping)) await deps.namespaces.deleteNamespace(target.cluster, ns, {});
      return { reason: `deleted ${Object.values(mapping).join(', ')}`, evidence: { namespaces: Object.values(mapping) } };
    });
  }
  const rto = restoredAt === undefined ? noRto : rtoCheck(policy, (restoredAt - restoreStart) / 1000, 'measured', 'restore started to restored workloads available');
  return { rto, rpo };
}
