// Public surface of the policy model: schema and types, loading and validation, rendering, explaining.
export {
  failoverPolicySchema,
  policySpecSchema,
  regionSchema,
  trafficManagerSchema,
  POLICY_API_VERSION,
  POLICY_KIND,
  signalNames,
  defaultSignals,
  notificationEvents,
  type FailoverPolicy,
  type FailoverPolicyInput,
  type PolicySpec,
  type PolicySpecInput,
  type RegionSpec,
  type RegionSpecInput,
  type RegionRole,
  type TrafficManagerSpec,
  type RoutingMethod,
  type HealthSpec,
  type SignalName,
  type ReadinessSpec,
  type FailoverSettings,
  type FailoverMode,
  type RecoverySpec,
  type VeleroRecoverySpec,
  type ObjectivesSpec,
  type DrillSpec,
  type WebhookSpec,
  type NotificationEvent,
} from './schema.js';
export { type PolicyDiagnostic, type DiagnosticSeverity, formatPath, hasErrors } from './diagnostics.js';
export { parsePolicyText } from './parse.js';
export { loadPolicies, type LoadedPolicy, type PolicyLoadResult } from './load.js';
export { buildPolicyJsonSchema, renderPolicyJsonSchema, POLICY_SCHEMA_ID } from './json-schema.js';
export { renderPolicyYaml, type RenderPolicyOptions } from './render.js';
export { explainPolicy, type PolicyExplanation } from './explain.js';
export { computeTiming, formatDuration, type PolicyTiming } from './timing.js';
export {
  parseResourceId,
  checkResourceId,
  isResourceType,
  resourceTypeOf,
  sameResourceId,
  formatResourceId,
  ResourceTypes,
  type ResourceId,
} from './resource-id.js';
export { formatDiagnostic, formatSummary, formatAzureDevOpsIssue, toValidationReport, type ValidationReport } from './report.js';
export { semanticRules, structuralRules } from './rules/index.js';
export { MAX_POLICY_BYTES, MAX_NESTING_DEPTH, MAX_ALIAS_COUNT } from './yaml-source.js';
