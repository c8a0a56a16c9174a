// `versionDrift`: in `readiness.versionDrift.namespaces`, every deployment of the source region runs
// the same images in the target. A deployment missing in the target is drift — unless the policy
// restores before it moves traffic (`failover.order: restoreFirst`, a cold standby), where the
// restore brings it.
import type { ReadinessResult } from '../core/readiness.js';
import type { ReadinessCheckDefinition } from './check-context.js';
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
    const restoreFirst = run.policy.spec.failover.order === 'restoreFirst';
    const evidence: Record<string, unknown> = { compared: `${source.name} → ${run.target.name}`, namespaces, ...asOfEvidence(sourceView), deployments: want.size, ...(differing.length > 0 ? { differing } : {}), ...(missing.length > 0 ? { missing } : {}) };
    const problems = [
      ...differing.map((d) => `${d.deployment} runs ${(d[run.target.name] as string[]).join(', ')} (${source.name}: ${(d[source.name] as string[]).join(', ')})`),
      ...(restoreFirst ? [] : missing.map((d) => `${d} missing`)),
    ];
    if (problems.length > 0) return result(run, check, 'fail', `${run.target.name} differs from ${source.name}${seen}: ${problems.join('; ')}`, evidence);
    if (want.size === 0) return result(run, check, 'pass', `no deployments in ${namespaces.join(', ')} of ${source.name} to compare${seen}`, evidence);
    const note = restoreFirst && missing.length > 0 ? `; ${plural(missing.length, 'deployment')} will come from the restore` : '';
    return result(run, check, 'pass', `${plural(want.size - missing.length, 'deployment')} run the same images as in ${source.name}${seen}${note}`, evidence);
  },
};
