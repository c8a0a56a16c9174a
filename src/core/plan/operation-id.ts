// Deterministic names for an operation and its Velero restore, derived from the policy, the kind,
// the target and `now`: a retried decision names the same operation, and the journal can key on it.
import type { RegionName } from '../observation.js';
import type { PlanKind } from './plan-types.js';

/** 1795269600000 → `20261123T140000Z` (UTC, seconds precision). */
export function compactTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll('-', '').replaceAll(':', '');
}

export function operationIdFor(policyName: string, kind: PlanKind, target: RegionName, now: number): string {
  return `${policyName}-${kind}-${target}-${compactTimestamp(now)}`;
}

const MAX_LABEL = 63;

/** A Kubernetes name that also fits a label value (Velero labels restored objects with it). */
export function restoreNameFor(policyName: string, now: number): string {
  const stamp = compactTimestamp(now).toLowerCase();
  return `${policyName.slice(0, MAX_LABEL - stamp.length - 1).replace(/-+$/, '')}-${stamp}`;
}
