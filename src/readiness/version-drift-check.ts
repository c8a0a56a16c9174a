// `versionDrift`: in `readiness.versionDrift.namespaces`, every deployment of the source region runs
// the same images in the target. A deployment missing in the target is drift — unless the policy
// restores before it moves traffic (`failover.order: restoreFirst`, a cold standby), where the
// restore brings it: then what counts is what the restore will bring. The newest backup the target's
// Velero would restore is opened (its contents, through a DownloadRequest) and each missing
// deployment's images there are compared with what the source runs (or last ran): a backup older than
// the source's last rollout would bring an older version back, and a deployment in no backup would
// not come back at all. Both are drift a restore cannot repair.
import type { ReadinessResult } from '../core/readiness.js';
import type { CheckRun, ReadinessCheckDefinition } from './check-context.js';
import { asOfEvidence, asOfNote, plural, result, unreadable } from './results.js';
import { imagesByDeployment } from './workload-images.js';

const check = 'versionDrift';

export const versionDriftCheck: ReadinessCheckDefinition = {
  name: check,
  applies: (policy) => policy.spec.readiness.versionDrift !== undefined,
  async run(run): Promise<ReadinessResult> {
    const namespaces = run.policy.spec.readiness.versionDrift?.namespaces ?? [];
    if (!run.source) return result(run, check, 'unknown', 'no other region to compare with');
    const source = run.source;
    let sourceView;
    let targetDeployments;
    try {
      sourceView = await run.reads.sourceDeployments(source, namespaces);
    } catch (error) {
      return unreadable(run, check, `the deployments of ${source.name}`, error);
    }
    try {
      targetDeployments = await run.reads.deployments(run.target, namespaces);
    } catch (error) {
      return unreadable(run, check, `the deployments of ${run.target.name}`, error);
    }
    const want = imagesByDeployment(sourceView.deployments);
    const seen = asOfNote(run, sourceView, source.name);
    const have = imagesByDeployment(targetDeployments);
    const differing: { deployment: string; [region: string]: string | string[] }[] = [];
    const missing: string[] = [];
    for (const [deployment, images] of want) {
      const there = have.get(deployment);
      if (!there) missing.push(deployment);
      else if (there.join(' ') !== images.join(' ')) differing.push({ deployment, [source.name]: images, [run.target.name]: there });
    }
    const restoreFirst = run.policy.spec.failover.order === 'restoreFirst' && run.policy.spec.recovery !== undefined;
    const evidence: Record<string, unknown> = { compared: `${source.name} → ${run.target.name}`, namespaces, ...asOfEvidence(sourceView), deployments: want.size, ...(differing.length > 0 ? { differing } : {}), ...(missing.length > 0 ? { missing } : {}) };
    let restoreProblems: string[] = [];
    if (restoreFirst && missing.length > 0) {
      const judged = await judgeRestore(run, namespaces, missing, want);
      if ('unknown' in judged) return result(run, check, 'unknown', judged.unknown, evidence);
      evidence.restoreBrings = judged.evidence;
      restoreProblems = judged.problems;
    }
    const problems = [
      ...differing.map((d) => `${d.deployment} runs ${(d[run.target.name] as string[]).join(', ')} (${source.name}: ${(d[source.name] as string[]).join(', ')})`),
      ...(restoreFirst ? restoreProblems : missing.map((d) => `${d} missing`)),
    ];
    if (problems.length > 0) return result(run, check, 'fail', `${run.target.name} differs from ${source.name}${seen}: ${problems.join('; ')}`, evidence);
    if (want.size === 0) return result(run, check, 'pass', `no deployments in ${namespaces.join(', ')} of ${source.name} to compare${seen}`, evidence);
    const note = restoreFirst && missing.length > 0 ? `; ${plural(missing.length, 'deployment')} will come from the restore of ${String((evidence.restoreBrings as { backup?: string } | undefined)?.backup)}, with the same images` : '';
    return result(run, check, 'pass', `${plural(want.size - missing.length, 'deployment')} run the same images as in ${source.name}${seen}${note}`, evidence);
  },
};

type RestoreJudgement = { unknown: string } | { problems: string[]; evidence: Record<string, unknown> };

/** What restoring the newest backup would bring for the `missing` deployments, against what the source runs. */
async function judgeRestore(run: CheckRun, namespaces: readonly string[], missing: readonly string[], want: Map<string, string[]>): Promise<RestoreJudgement> {
  const schedule = run.policy.spec.recovery?.velero.schedule ?? '';
  let backup;
  try {
    backup = await run.reads.newestBackup(run.target, schedule);
  } catch (error) {
    return { unknown: `which backup a restore in ${run.target.name} would take cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!backup) return { problems: [`${missing.join(', ')} missing, and no Completed backup of ${schedule} in ${run.target.name} to restore them from`], evidence: { schedule } };
  let held;
  try {
    held = await run.reads.backupDeployments(run.target, backup.name, namespaces);
  } catch (error) {
    return { unknown: `what backup ${backup.name} would restore cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const inBackup = imagesByDeployment(held);
  const problems: string[] = [];
  const brings: Record<string, string[] | null> = {};
  for (const deployment of missing) {
    const images = inBackup.get(deployment);
    brings[deployment] = images ?? null;
    const running = want.get(deployment) ?? [];
    if (!images) problems.push(`${deployment} missing, and not in backup ${backup.name}: the restore would not bring it`);
    else if (images.join(' ') !== running.join(' ')) problems.push(`${deployment} missing; the restore of ${backup.name} brings ${images.join(', ')}, ${run.source?.name ?? 'the source'} runs ${running.join(', ')} (a rollout after that backup)`);
  }
  return { problems, evidence: { backup: backup.name, ...(backup.startTimestamp ? { backupStartedAt: backup.startTimestamp } : {}), deployments: brings } };
}
