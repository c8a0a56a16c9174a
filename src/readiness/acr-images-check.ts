// `acrImages`: every image the workloads run (read from the source region's deployments when
// `images: fromWorkloads`, else the policy's list) comes from the policy's registry and is present
// in it. Presence is asked of the registry's data plane (RegistryImagesPort) when aksdr has one;
// without it the check says `unknown` — it never passes what it did not see.
//
// Note: ACR's data plane answers from the replica nearest to the caller, so "present" means present
// in the registry as aksdr sees it; that the target's replica has caught up is what
// `acrReplication` (status Ready, not Syncing) vouches for.
import type { ReadinessResult } from '../core/readiness.js';
import { parseImageReference } from '../core/ports/registry-images-port.js';
import type { CheckRun, ReadinessCheckDefinition } from './check-context.js';
import { asOfNote, plural, result, unreadable } from './results.js';
import { distinctImages } from './workload-images.js';

const check = 'acrImages';

async function imagesToCheck(run: CheckRun): Promise<{ images: string[]; from: string } | ReadinessResult> {
  const wanted = run.policy.spec.readiness.acr?.images ?? 'fromWorkloads';
  if (wanted !== 'fromWorkloads') return { images: [...wanted], from: 'the policy' };
  const workloads = run.policy.spec.health.workloads;
  if (!workloads) return result(run, check, 'unknown', 'images: fromWorkloads needs health.workloads in the policy');
  if (!run.source) return result(run, check, 'unknown', 'no other region to read the workloads from');
  try {
    const source = await run.reads.sourceDeployments(run.source, [workloads.namespace]);
    const deployments = source.deployments.filter((d) => workloads.deployments.includes(d.name));
    if (deployments.length === 0) return result(run, check, 'unknown', `none of ${workloads.deployments.join(', ')} runs in ${run.source.name}/${workloads.namespace}`);
    return { images: distinctImages(deployments), from: `${run.source.name} ${workloads.namespace}${asOfNote(run, source, run.source.name)}` };
  } catch (error) {
    return unreadable(run, check, `the deployments of ${run.source.name}`, error);
  }
}

export const acrImagesCheck: ReadinessCheckDefinition = {
  name: check,
  applies: (policy) => policy.spec.readiness.acr !== undefined,
  async run(run): Promise<ReadinessResult> {
    const wanted = await imagesToCheck(run);
    if ('check' in wanted) return wanted;
    let loginServer: string | undefined;
    try {
      loginServer = (await run.reads.registry()).loginServer;
    } catch (error) {
      return unreadable(run, check, 'the registry', error);
    }
    if (!loginServer) return result(run, check, 'unknown', 'the registry did not say its login server', { images: wanted.images });
    const foreign = wanted.images.filter((image) => parseImageReference(image)?.registry.toLowerCase() !== loginServer.toLowerCase());
    const evidence: Record<string, unknown> = { loginServer, imagesFrom: wanted.from, images: wanted.images };
    if (foreign.length > 0) {
      return result(run, check, 'fail', `${plural(foreign.length, 'image')} not from ${loginServer}, so geo-replication does not protect ${foreign.length === 1 ? 'it' : 'them'}: ${foreign.join(', ')}`, { ...evidence, foreign });
    }
    const registryImages = run.ports.registryImages;
    if (!registryImages) {
      return result(run, check, 'unknown', `${plural(wanted.images.length, 'image')} reference ${loginServer}, but aksdr has no access to the registry's content to confirm they exist`, evidence);
    }
    const missing: string[] = [];
    const failures: string[] = [];
    await Promise.all(
      wanted.images.map(async (image) => {
        const ref = parseImageReference(image);
        if (!ref) return;
        try {
          const found = await registryImages.findImage(ref.registry, ref.repository, ref.digest ?? ref.tag ?? 'latest', run.options);
          if (!found.present) missing.push(image);
        } catch (error) {
          failures.push(`${image}: ${unreadable(run, check, image, error).evidence.error as string}`);
        }
      }),
    );
    if (missing.length > 0) return result(run, check, 'fail', `missing from ${loginServer}: ${missing.sort().join(', ')}`, { ...evidence, missing });
    if (failures.length > 0) return result(run, check, 'unknown', `cannot confirm ${plural(failures.length, 'image')}: ${failures.sort().join('; ')}`, { ...evidence, failures });
    return result(run, check, 'pass', `${plural(wanted.images.length, 'image')} present in ${loginServer}`, evidence);
  },
};
