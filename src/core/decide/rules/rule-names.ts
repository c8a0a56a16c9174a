// The safety rules by stable name, each with the sentence that explains it (status output, docs,
// `--force` help). Evaluated in `ruleOrder`; every violation is reported, not only the first.
export const ruleOrder = [
  'all-regions-down',
  'vantage-disagrees',
  'target-healthy',
  'target-ready',
  'keep-one-endpoint',
  'min-dwell',
  'max-failovers-per-window',
  'failback-hold-down',
  'mode-approval',
  'mode-manual',
] as const;

export type RuleName = (typeof ruleOrder)[number];

export const ruleDocs: Record<RuleName, string> = {
  'all-regions-down':
    'Every region looks Unhealthy or Suspect at once: more likely our own network or a broken check than a real outage everywhere. Hold and alert; only a forced command acts.',
  'vantage-disagrees':
    "Azure Traffic Manager's own monitor sees the failed region Online while our probes call it down. health.trafficManagerVantage: caution asks a person to approve, veto forbids an automatic failover.",
  'target-healthy': 'Traffic only moves to a region whose health is Healthy.',
  'target-ready':
    'Traffic only moves to a region whose readiness checks all pass (registry replica, images, backup within the RPO, versions, capacity, profile); a check that fails or cannot tell blocks. Every blocking check is listed.',
  'keep-one-endpoint': 'No step of a plan may leave every Traffic Manager endpoint disabled or at weight zero. Cannot be overridden.',
  'min-dwell': 'No failover or failback starts within failover.minDwellMinutes of the last failover — unless it escapes an Unhealthy active region (dwell guards a return, not an escape). Drills do not count.',
  'max-failovers-per-window': 'At most failover.maxFailovers.count failovers start within failover.maxFailovers.windowHours; an escape from an Unhealthy active region is never refused by the cap, and drills do not count.',
  'failback-hold-down': 'Traffic returns to the primary only after it has been Healthy for failover.failbackHoldDownMinutes without a break — unless the region it returns from is Unhealthy (an escape).',
  'mode-approval': 'failover.mode approval: aksdr plans, then waits for `aksdr approve <policy file> <operationId>`.',
  'mode-manual': 'failover.mode manual (or failover.failback manual): aksdr only recommends; a person runs the command.',
};

/** Rules a forced command cannot override: breaking them is never what anyone wants. */
export const unforceableRules: readonly RuleName[] = ['keep-one-endpoint'];

export function isRuleName(value: string): value is RuleName {
  return (ruleOrder as readonly string[]).includes(value);
}
