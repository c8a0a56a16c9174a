// Builds the steps of a failover or failback plan from the policy. Pure: same input, same plan.
// Failover, shiftFirst (warm standby): scale up → check readiness → shift traffic → verify Traffic
// Manager → restore → (scale workloads) → verify workloads; away from a dead region the scale-up
// comes right after the traffic moved (capacity.whenSourceDown shiftFirst, the default). restoreFirst (cold standby): restore,
// scale the workloads to what the source ran, and verify them before any traffic moves. Failback returns traffic to the steady endpoints; no restore.
import { scalesUpAfterShift } from '../../policy/timing.js';
import type { FailoverPolicy } from '../../policy/schema.js';
import type { Reason } from '../decide/decision.js';
import type { RegionName } from '../observation.js';
import { failedOverEndpoints, interpolateEndpoints, shiftPercents, steadyEndpoints } from './endpoints.js';
import { operationIdFor, restoreNameFor } from './operation-id.js';
import type { EndpointSettings, Plan, PlanKind, Step } from './plan-types.js';

export interface PlanRequest {
  policy: FailoverPolicy;
  kind: PlanKind;
  from: RegionName;
  to: RegionName;
  /** The endpoints as they are now (the engine state's view). */
  current: EndpointSettings;
  now: number;
  reasons: Reason[];
  /** The region the traffic leaves is Unhealthy: a dead region serves nobody, so the traffic may move before slow steps. */
  sourceDown?: boolean;
}

function scaleUpSteps(policy: FailoverPolicy, region: RegionName): Step[] {
  const capacity = policy.spec.readiness.capacity;
  const nodePool = policy.spec.regions.find((spec) => spec.name === region)?.nodePool ?? capacity?.nodePool;
  if (!capacity?.scaleUp || nodePool === undefined) return [];
  return [{ kind: 'scaleUp', region, nodePool, minNodes: capacity.minNodes, timeoutSeconds: capacity.timeoutSeconds }];
}

/** Whether the target's workloads are scaled to the source's replicas: the policy's say, else on for a cold standby. */
export function matchesReplicas(policy: FailoverPolicy): boolean {
  const { failover, health } = policy.spec;
  return health.workloads !== undefined && health.workloads.deployments.length > 0 && (failover.matchReplicas ?? failover.order === 'restoreFirst');
}

function scaleWorkloadsSteps(policy: FailoverPolicy, region: RegionName, from: RegionName): Step[] {
  const workloads = policy.spec.health.workloads;
  if (!workloads || !matchesReplicas(policy)) return [];
  return [{ kind: 'scaleWorkloads', region, from, namespace: workloads.namespace, deployments: [...workloads.deployments] }];
}

/** Restore (when the policy has recovery), raise the workloads to the source's replicas (when asked), verify them. */
function restoreSteps(policy: FailoverPolicy, region: RegionName, from: RegionName, now: number): Step[] {
  const velero = policy.spec.recovery?.velero;
  const scale = scaleWorkloadsSteps(policy, region, from);
  if (!velero) return scale.length > 0 ? [...scale, { kind: 'verifyWorkloads', region }] : [];
  return [
    {
      kind: 'restore',
      region,
      namespace: velero.namespace,
      schedule: velero.schedule,
      restoreName: restoreNameFor(policy.metadata.name, now),
      ...(velero.includedNamespaces ? { includedNamespaces: [...velero.includedNamespaces] } : {}),
      restorePVs: velero.restorePVs,
      existingResourcePolicy: velero.existingResourcePolicy,
      acceptPartiallyFailed: velero.acceptPartiallyFailed,
      timeoutMinutes: velero.timeoutMinutes,
    },
    ...scale,
    { kind: 'verifyWorkloads', region },
  ];
}

/** shiftWeights per percent; between two, a pause and a health check of the target that can revert. */
function trafficSteps(policy: FailoverPolicy, target: RegionName, start: EndpointSettings, end: EndpointSettings): Step[] {
  const steps: Step[] = [];
  let before = start;
  shiftPercents(policy).forEach((percent, stepIndex, percents) => {
    const weights = interpolateEndpoints(start, end, percent);
    steps.push({ kind: 'shiftWeights', stepIndex, percent, weights, revertTo: before });
    if (stepIndex < percents.length - 1) {
      steps.push({ kind: 'pause', seconds: policy.spec.trafficManager.shift.pauseSeconds });
      steps.push({ kind: 'checkHealth', region: target, revertTo: before });
    }
    before = weights;
  });
  steps.push({ kind: 'verifyTrafficManager', expected: end });
  return steps;
}

export function buildPlan(request: PlanRequest): Plan {
  const { policy, kind, from, to, current, now, reasons } = request;
  const finalEndpoints = kind === 'failover' ? failedOverEndpoints(policy, current, from, to) : steadyEndpoints(policy);
  const traffic = trafficSteps(policy, to, current, finalEndpoints);
  const late = kind === 'failover' && request.sourceDown === true && scalesUpAfterShift(policy.spec);
  const scaleUp = kind === 'failover' ? scaleUpSteps(policy, to) : [];
  const check: Step = { kind: 'checkReadiness', region: to, from, ...(late && scaleUp.length > 0 ? { repairable: ['capacity' as const] } : {}), ...(request.sourceDown === true ? { sourceDown: true } : {}) };
  const prepare: Step[] = late ? [check] : [...scaleUp, check];
  const restore = kind === 'failover' ? restoreSteps(policy, to, from, now) : [];
  const middle = policy.spec.failover.order === 'restoreFirst' ? [...restore, ...traffic] : [...traffic, ...(late ? scaleUp : []), ...restore];
  return {
    operationId: operationIdFor(policy.metadata.name, kind, to, now),
    kind,
    from,
    to,
    steps: [...prepare, ...middle, { kind: 'done' }],
    finalEndpoints,
    createdAt: now,
    reasons,
  };
}

/** Every endpoint setting a plan would ever apply: each shift, each revert, the final one. */
export function endpointSettingsOf(plan: Plan): EndpointSettings[] {
  const settings: EndpointSettings[] = [plan.finalEndpoints];
  for (const step of plan.steps) {
    if (step.kind === 'shiftWeights') settings.push(step.weights, step.revertTo);
    if (step.kind === 'checkHealth') settings.push(step.revertTo);
    if (step.kind === 'verifyTrafficManager') settings.push(step.expected);
  }
  return settings;
}

/**
 * Readies `to` for traffic Traffic Manager's monitor already sends there (decider trafficManager or
 * both): scale up, check readiness (advisory: the traffic is there whatever it says), and in a cold
 * standby (restoreFirst) restore the application. No weight changes: aksdr does not fight Traffic
 * Manager's choice.
 */
export function buildPreparePlan(request: Omit<PlanRequest, 'kind'>): Plan {
  const { policy, from, to, current, now, reasons } = request;
  const cold = policy.spec.failover.order === 'restoreFirst';
  const steps: Step[] = [...scaleUpSteps(policy, to), { kind: 'checkReadiness', region: to, from, advisory: true }, ...(cold ? restoreSteps(policy, to, from, now) : []), { kind: 'done' }];
  return { operationId: operationIdFor(policy.metadata.name, 'prepare', to, now), kind: 'prepare', from, to, steps, finalEndpoints: current, createdAt: now, reasons };
}
