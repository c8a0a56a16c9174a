// A plan is data: the ordered steps of one failover or failback, readable by a person (`aksdr plan`,
// `--dry-run`) and executed, journaled step by step, by the executor. Nothing here performs anything.
import type { Reason } from '../decide/decision.js';
import type { RegionName } from '../observation.js';

export type EndpointStatus = 'Enabled' | 'Disabled';

/** One Traffic Manager endpoint as a step wants it. `weight` for weighted, `priority` for priority routing. */
export interface EndpointSetting {
  endpoint: string;
  status: EndpointStatus;
  weight?: number;
  priority?: number;
}

export type EndpointSettings = Record<RegionName, EndpointSetting>;

export type Step =
  /** Grow the target's node pool to at least `minNodes` before traffic arrives. */
  | { kind: 'scaleUp'; region: RegionName; nodePool: string; minNodes: number; timeoutSeconds: number }
  /** Re-run the readiness checks of `region` (compared with `from`, where the traffic comes from); the operation stops if one fails — unless `advisory` (the traffic is already there: record, go on). */
  | {
      kind: 'checkReadiness';
      region: RegionName;
      from?: RegionName;
      advisory?: boolean;
      /** Checks a later step of the plan repairs (a scale-up after the shift): their known shortfall does not stop it. */
      repairable?: 'capacity'[];
      /** `from` was Unhealthy when the plan was made: compare with what it last ran, without waiting on it. */
      sourceDown?: boolean;
    }
  /** Set the endpoints to `weights`; `revertTo` is what they were before this step. */
  | { kind: 'shiftWeights'; stepIndex: number; percent: number; weights: EndpointSettings; revertTo: EndpointSettings }
  | { kind: 'pause'; seconds: number }
  /** Check `region` is still Healthy; if it degraded, set the endpoints back to `revertTo` and stop. */
  | { kind: 'checkHealth'; region: RegionName; revertTo: EndpointSettings }
  /** Read the profile back and compare it with `expected`. */
  | { kind: 'verifyTrafficManager'; expected: EndpointSettings }
  | {
      kind: 'restore';
      region: RegionName;
      namespace: string;
      schedule: string;
      restoreName: string;
      /** Absent: every namespace in the backup. */
      includedNamespaces?: string[];
      restorePVs: boolean;
      existingResourcePolicy: 'none' | 'update';
      acceptPartiallyFailed: boolean;
      timeoutMinutes: number;
    }
  /**
   * Raise the replicas of the protected workloads (`deployments` in `namespace`) in `region` to what
   * `from` last ran (read live, or the last view when `from` cannot be read); never lowers any.
   */
  | { kind: 'scaleWorkloads'; region: RegionName; from: RegionName; namespace: string; deployments: string[] }
  | { kind: 'verifyWorkloads'; region: RegionName }
  | { kind: 'done' };

export type StepKind = Step['kind'];
/** failover / failback move the traffic; prepare readies a region Traffic Manager already sends it to (no weight changes). */
export type PlanKind = 'failover' | 'failback' | 'prepare';

export interface Plan {
  /** Deterministic: `<policy>-<kind>-<target>-<yyyymmddThhmmssZ>`, e.g. `shop-failover-northeurope-20261123T140000Z`. */
  operationId: string;
  kind: PlanKind;
  from: RegionName;
  to: RegionName;
  steps: Step[];
  /** Endpoints once the plan has completed. */
  finalEndpoints: EndpointSettings;
  /** Epoch ms. */
  createdAt: number;
  reasons: Reason[];
  /** The DR drill this operation belongs to: a drill's moves do not count for dwell or the failover cap. */
  drill?: string;
}
