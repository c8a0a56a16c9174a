// `acrReplication`: the registry has a replica in the target region that is provisioned, Ready and
// has its regional endpoint enabled — so the target's nodes pull from their own region.
import type { ReadinessResult } from '../core/readiness.js';
import type { ReadinessCheckDefinition } from './check-context.js';
import { result, sameRegion, unreadable } from './results.js';

export const acrReplicationCheck: ReadinessCheckDefinition = {
  name: 'acrReplication',
  applies: (policy) => policy.spec.readiness.acr !== undefined,
  async run(run): Promise<ReadinessResult> {
    const check = 'acrReplication';
    let replications;
    try {
      replications = await run.reads.replications();
    } catch (error) {
      return unreadable(run, check, 'the registry replications', error);
    }
    const replica = replications.find((r) => sameRegion(r.region, run.target.name));
    const registry = run.policy.spec.readiness.acr?.registry.split('/').pop() ?? 'the registry';
    if (!replica) {
      return result(run, check, 'fail', `${registry} has no replication in ${run.target.name}`, { replicatedTo: replications.map((r) => r.region) });
    }
    const evidence = {
      replication: replica.name,
      provisioningState: replica.provisioningState,
      displayStatus: replica.displayStatus,
      regionEndpointEnabled: replica.regionEndpointEnabled,
      ...(replica.message ? { message: replica.message } : {}),
    };
    const problems: string[] = [];
    if (replica.provisioningState !== 'Succeeded') problems.push(`provisioningState ${replica.provisioningState}`);
    if (replica.displayStatus !== 'Ready') problems.push(`status ${replica.displayStatus}${replica.message ? ` (${replica.message})` : ''}`);
    if (!replica.regionEndpointEnabled) problems.push('regional endpoint disabled (pulls are not routed to it)');
    if (problems.length > 0) return result(run, check, 'fail', `replica of ${registry} in ${run.target.name}: ${problems.join('; ')}`, evidence);
    return result(run, check, 'pass', `replica of ${registry} in ${run.target.name} is Ready`, evidence);
  },
};
