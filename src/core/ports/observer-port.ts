// How the engine sees the world: one probe cycle over every region of a policy, and the readiness
// checks of a failover target. Implemented by src/probes and src/readiness; faked in engine tests.
import type { CycleObservations, RegionName } from '../observation.js';
import type { ReadinessReport } from '../readiness.js';
import type { FailoverPolicy } from '../../policy/index.js';
import type { CallOptions } from './call-options.js';

export interface Observer {
  /**
   * Run every counted probe of every region concurrently, each bounded by the policy's timeout.
   * Never throws for a failure of what it probes: a failure is an observation with `ok: false`.
   */
  observe(policy: FailoverPolicy, options?: CallOptions): Promise<CycleObservations>;
}

export interface ReadinessCheckOptions extends CallOptions {
  /** The region the traffic comes from (images and versions are compared with it); default: the primary, or another region when the target is the primary. */
  source?: RegionName;
  /**
   * The source's API server failed this cycle's probes (a dead region hangs): what it last ran, from
   * the deployments memory, stands in without waiting for a live read — which would only run into its
   * timeout. Without a remembered view the live read is still tried.
   */
  sourceUnreachable?: boolean;
}

export interface ReadinessChecker {
  /** Every readiness check of `target` as a failover target (pass / fail / unknown, with evidence). */
  check(policy: FailoverPolicy, target: RegionName, options?: ReadinessCheckOptions): Promise<ReadinessReport>;
}
