// `capacity`: the target's node pool (`regions[].nodePool`, else `readiness.capacity.nodePool`) has
// at least `minNodes` nodes and is running. Too small with `scaleUp: true` is a `fail` that the core
// treats as repairable (src/core/readiness.ts `repairable`): the plan scales the pool up first and
// then checks readiness again. It is deliberately not a pass — the check after the scale-up must
// see the real count, or a scale-up that fell short would let traffic in.
import { scalesUpAfterShift } from '../policy/timing.js';
import type { ReadinessResult } from '../core/readiness.js';
import type { ReadinessCheckDefinition } from './check-context.js';
import { plural, result, unreadable } from './results.js';

const check = 'capacity';

export const capacityCheck: ReadinessCheckDefinition = {
  name: check,
  applies: (policy) => policy.spec.readiness.capacity !== undefined,
  async run(run): Promise<ReadinessResult> {
    const spec = run.policy.spec.readiness.capacity;
    if (!spec) return result(run, check, 'unknown', 'readiness.capacity is not set');
    const poolName = run.target.nodePool ?? spec.nodePool;
    if (!poolName) return result(run, check, 'unknown', `no node pool named for ${run.target.name} (regions[].nodePool or readiness.capacity.nodePool)`);
    let cluster;
    try {
      cluster = await run.reads.cluster(run.target);
    } catch (error) {
      return unreadable(run, check, `cluster ${run.target.cluster.split('/').pop() ?? ''}`, error);
    }
    const pool = cluster.agentPools.find((p) => p.name === poolName);
    if (!pool) return result(run, check, 'fail', `node pool ${poolName} does not exist in ${cluster.name}`, { nodePool: poolName, pools: cluster.agentPools.map((p) => p.name) });
    const evidence = { nodePool: pool.name, count: pool.count, minNodes: spec.minNodes, scaleUp: spec.scaleUp, provisioningState: pool.provisioningState, powerState: pool.powerState };
    if (pool.powerState !== 'Running') return result(run, check, 'fail', `node pool ${pool.name} is ${pool.powerState}`, evidence);
    if (pool.count >= spec.minNodes) return result(run, check, 'pass', `node pool ${pool.name} has ${plural(pool.count, 'node')} (need ${spec.minNodes})`, evidence);
    if (spec.scaleUp) {
      // Away from a dead region a warm standby takes the traffic first and grows right after (whenSourceDown).
      const when = scalesUpAfterShift(run.policy.spec) ? 'before traffic moves (right after it, when the region it leaves is down)' : 'before traffic moves';
      return result(run, check, 'fail', `node pool ${pool.name} has ${plural(pool.count, 'node')}, needs ${spec.minNodes}: will scale up from ${pool.count} to ${spec.minNodes} ${when}`, {
        ...evidence,
        repairable: true,
        willScaleUpTo: spec.minNodes,
      });
    }
    return result(run, check, 'fail', `node pool ${pool.name} has ${plural(pool.count, 'node')}, needs ${spec.minNodes} (scaleUp is off)`, evidence);
  },
};
