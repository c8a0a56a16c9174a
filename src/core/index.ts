// The pure core's public surface: observations and readiness data, health evaluation, doubt,
// `decide` with its safety rules and states, and plans. No I/O anywhere below this folder.
export { assertNever } from './assert-never.js';
export type { CycleObservations, Observation, RegionName, SignalName } from './observation.js';
export { signalNames } from './observation.js';
export { blockingResults, isReady, readinessCheckNames, type ReadinessCheckName, type ReadinessOptions, type ReadinessReport, type ReadinessResult, type ReadinessStatus } from './readiness.js';
export { initialHealthState, initialRegionHealth, statusOf, type HealthState, type HealthStatus, type RegionHealth } from './health/health-state.js';
export { advanceRegion } from './health/hysteresis.js';
export { evaluateHealth } from './health/evaluate-health.js';
export { describeRegionHealth } from './health/describe-health.js';
export { consecutiveRunProbability, evaluationFailureProbability, noiseFigures, windowProbability, type NoiseFigure } from './health/noise.js';
export { corroboratingSignals, countedSignals, defaultVerdictRule, describeVerdictRule, evaluateVerdict, trafficManagerView, type EvaluationVerdict, type SignalOutcome, type VerdictRule } from './health/verdict.js';
export { allRegionsDown, vantageDisagrees, type AllRegionsDown, type Doubt, type VantageDisagrees, type VantageStance } from './doubt.js';
export { decide } from './decide/decide.js';
export type { DecideInput } from './decide/decide-context.js';
export type { Alert, AlertSeverity, Decision, Hold, Override, Reason, Violation, ViolationEffect } from './decide/decision.js';
export type { Command, Force, OperationOutcome } from './decide/command.js';
export { ENGINE_STATE_SCHEMA_VERSION, engineStateKinds, initialEngineState, primaryOf, type EngineState, type EngineStateKind, type HeldReason } from './decide/engine-state.js';
export { isRuleName, ruleDocs, ruleOrder, unforceableRules, type RuleName } from './decide/rules/rule-names.js';
export { evaluateRules, applyForce } from './decide/rules/evaluate-rules.js';
export type { RuleContext, SafetyRule, Trigger } from './decide/rules/rule-context.js';
export { buildPlan, endpointSettingsOf, type PlanRequest } from './plan/build-plan.js';
export { describeEndpoints, describePlan, describeStep } from './plan/describe-plan.js';
export { failedOverEndpoints, hasServingEndpoint, interpolateEndpoints, MAX_WEIGHT, shiftPercents, steadyEndpoints } from './plan/endpoints.js';
export { compactTimestamp, operationIdFor, restoreNameFor } from './plan/operation-id.js';
export type { EndpointSetting, EndpointSettings, EndpointStatus, Plan, PlanKind, Step, StepKind } from './plan/plan-types.js';
