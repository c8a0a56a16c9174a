// Every semantic rule: its stable id, severity and one-line summary. Findings look their severity up
// here, docs/POLICY.md lists them (a test keeps the two in step), and pipelines may filter by id.
import type { DiagnosticSeverity } from '../diagnostics.js';

interface RuleInfo {
  severity: DiagnosticSeverity;
  summary: string;
}

export const semanticRules = {
  'semantic.one-primary': { severity: 'error', summary: 'exactly one region has role primary' },
  'semantic.min-regions': { severity: 'error', summary: 'at least two regions, or there is nowhere to fail over to' },
  'semantic.unique-region-name': { severity: 'error', summary: 'region names are unique' },
  'semantic.unique-endpoint': { severity: 'error', summary: 'Traffic Manager endpoint names are unique' },
  'semantic.unique-cluster': { severity: 'error', summary: 'each region has its own AKS cluster (ids compared case-insensitively)' },
  'semantic.unknown-azure-region': { severity: 'warning', summary: 'region name is not a known Azure region (typo?)' },
  'semantic.subscription-mismatch': { severity: 'warning', summary: 'a resource id names another subscription than spec.subscriptionId' },
  'semantic.admin-credentials': { severity: 'warning', summary: 'admin credentials bypass Entra ID RBAC and fail where local accounts are disabled' },
  'semantic.app-status-range': { severity: 'error', summary: 'app.expectStatus is [min, max] with min <= max' },
  'semantic.app-url-required': { severity: 'error', summary: 'the app signal needs app.url in every region' },
  'semantic.weights-required': { severity: 'error', summary: 'weighted routing needs trafficManager.steadyWeights' },
  'semantic.priorities-required': { severity: 'error', summary: 'priority routing needs trafficManager.steadyPriorities' },
  'semantic.unknown-region-key': { severity: 'error', summary: 'steadyWeights / steadyPriorities keys are region names' },
  'semantic.primary-weight': { severity: 'error', summary: 'the primary has a steady weight' },
  'semantic.priorities-complete': { severity: 'error', summary: 'every region has a steady priority' },
  'semantic.unique-priority': { severity: 'error', summary: 'steady priorities are unique (Traffic Manager requires it)' },
  'semantic.primary-priority': { severity: 'error', summary: 'the primary has the highest priority (lowest number)' },
  'semantic.unused-routing-settings': { severity: 'warning', summary: 'weights with priority routing, or priorities with weighted routing, are ignored' },
  'semantic.shift-steps-order': { severity: 'error', summary: 'shift.steps are strictly increasing' },
  'semantic.shift-steps-end': { severity: 'error', summary: 'the last shift step is 100' },
  'semantic.priority-shift-steps': { severity: 'warning', summary: 'priority routing moves traffic at once; gradual steps are ignored' },
  'semantic.drained-weight-priority': { severity: 'warning', summary: 'drainedWeight only applies to weighted routing' },
  'semantic.timeout-below-interval': { severity: 'error', summary: 'health.timeoutSeconds < health.intervalSeconds' },
  'semantic.healthy-after': { severity: 'error', summary: 'health.healthyAfter >= health.unhealthyAfter (recover slower than you fail)' },
  'semantic.window-failures': { severity: 'error', summary: 'health.window.failures <= health.window.size' },
  'semantic.duplicate-signal': { severity: 'error', summary: 'a signal is listed once' },
  'semantic.workloads-required': { severity: 'error', summary: 'the workloads signal needs health.workloads' },
  'semantic.match-replicas-workloads': { severity: 'error', summary: 'failover.matchReplicas needs health.workloads' },
  'semantic.outage-app-signal': { severity: 'error', summary: 'health.outage application needs the app signal' },
  'semantic.outage-quorum-range': { severity: 'error', summary: 'health.outage quorum is at most the number of counted signals' },
  'semantic.unused-workloads': { severity: 'warning', summary: 'health.workloads is set but nothing uses it' },
  'semantic.single-signal': { severity: 'warning', summary: 'a single health signal: one broken check can fail a region over' },
  'semantic.twitchy-detection': { severity: 'warning', summary: 'unhealthy after less than 10 s of failures: too twitchy for production' },
  'semantic.app-latency-timeout': { severity: 'warning', summary: 'app.maxLatencyMs at or above the probe timeout can never trigger' },
  'semantic.acr-images-from-workloads': { severity: 'error', summary: 'readiness.acr.images fromWorkloads needs health.workloads' },
  'semantic.capacity-node-pool': { severity: 'error', summary: 'capacity checks need a node pool for every region' },
  'semantic.unused-node-pool': { severity: 'warning', summary: 'regions[].nodePool without readiness.capacity is ignored' },
  'semantic.backup-exceeds-rpo': { severity: 'error', summary: 'readiness.backup.maxAgeMinutes <= objectives.rpoMinutes' },
  'semantic.rpo-unchecked': { severity: 'warning', summary: 'an RPO is declared but no backup freshness gate checks it' },
  'semantic.backup-schedule-mismatch': { severity: 'warning', summary: 'the freshness gate and the restore look at different Velero schedules' },
  'semantic.restore-misses-workloads': { severity: 'warning', summary: 'the restore does not include the critical workloads\' namespace' },
  'semantic.no-readiness-gates': { severity: 'warning', summary: 'automatic failover with no readiness gate at all' },
  'semantic.automatic-failback': { severity: 'warning', summary: 'automatic failback can bounce traffic onto a half-recovered primary' },
  'semantic.restore-first-without-recovery': { severity: 'warning', summary: 'order restoreFirst without spec.recovery has nothing to restore' },
  'semantic.no-dwell': { severity: 'warning', summary: 'automatic mode with minDwellMinutes 0 invites flapping' },
  'semantic.rto-unreachable': { severity: 'warning', summary: 'worst-case detection + readiness + restore + shift exceeds objectives.rtoMinutes' },
  'semantic.live-drill-not-allowed': { severity: 'error', summary: 'a scheduled live drill needs drills.allowLive: true' },
  'semantic.duplicate-webhook': { severity: 'error', summary: 'webhook names are unique' },
  'semantic.webhook-unsigned': { severity: 'warning', summary: 'a webhook without secretEnv sends unsigned events' },
} as const satisfies Record<string, RuleInfo>;

export type SemanticRuleId = keyof typeof semanticRules;

/** Diagnostics that come from the file, YAML or schema layers rather than from a semantic rule. */
export const structuralRules: Record<string, RuleInfo> = {
  'file.not-found': { severity: 'error', summary: 'a path given to validate does not exist' },
  'file.unreadable': { severity: 'error', summary: 'a file could not be read' },
  'file.too-large': { severity: 'error', summary: 'a file is over 1 MiB (refused without reading it)' },
  'file.encoding': { severity: 'error', summary: 'a file is not UTF-8 (UTF-16/32, invalid bytes, NUL characters)' },
  'file.no-policies': { severity: 'error', summary: 'a directory holds no *.yaml / *.yml file' },
  'yaml.syntax': { severity: 'error', summary: 'YAML syntax error' },
  'yaml.duplicate-key': { severity: 'error', summary: 'a key appears twice in one map' },
  'yaml.multiple-documents': { severity: 'error', summary: 'more than one YAML document in a file' },
  'yaml.empty': { severity: 'error', summary: 'the file has no content' },
  'yaml.too-deep': { severity: 'error', summary: 'nesting deeper than 64 levels' },
  'yaml.alias-limit': { severity: 'error', summary: 'aliases expand to too many nodes (alias bomb)' },
  'yaml.warning': { severity: 'warning', summary: 'the YAML parser warns (e.g. an unknown tag)' },
  'schema.unknown-key': { severity: 'error', summary: 'a key the format does not know (typo?)' },
  'schema.required': { severity: 'error', summary: 'a required key is missing' },
  'schema.type': { severity: 'error', summary: 'a value of the wrong type' },
  'schema.enum': { severity: 'error', summary: 'a value not among the allowed ones' },
  'schema.range': { severity: 'error', summary: 'a number out of range' },
  'schema.length': { severity: 'error', summary: 'a list or string too short or too long' },
  'schema.format': { severity: 'error', summary: 'a string of the wrong format (name, GUID, URL)' },
  'schema.resource-id': { severity: 'error', summary: 'a malformed Azure resource id' },
  'schema.resource-type': { severity: 'error', summary: 'a resource id of the wrong resource type' },
  'schema.cron': { severity: 'error', summary: 'an invalid 5-field cron expression' },
  'policy.duplicate-name': { severity: 'error', summary: 'two policies share metadata.name' },
};
