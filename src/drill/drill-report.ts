// A drill's report: plain data, persisted in the state store (so it carries a schemaVersion) and
// rendered as text, JSON, Markdown or JUnit XML. Every step says when it started and ended, how it
// went, why, and the evidence a person (or an auditor) can check.
import type { RegionName } from '../core/index.js';
import type { EndpointSettings } from '../core/plan/plan-types.js';

export const DRILL_REPORT_SCHEMA_VERSION = 1;

export const drillModes = ['dry-run', 'restore-test', 'live'] as const;
export type DrillMode = (typeof drillModes)[number];

export function isDrillMode(value: string): value is DrillMode {
  return (drillModes as readonly string[]).includes(value);
}

export type StepOutcome = 'passed' | 'failed' | 'skipped';

export interface DrillStep {
  /** Stable name (`readiness.backupFreshness`, `failover`, `cleanup`, …): JUnit test case names. */
  name: string;
  title: string;
  /** ISO timestamps. */
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: StepOutcome;
  /** Why it failed or was skipped; what it found when it passed. */
  reason: string;
  /** What the plan budgets for this step (dry-run), in seconds. */
  budgetSeconds?: number;
  evidence?: Record<string, unknown>;
}

export interface PlannedStep {
  step: string;
  does: string;
  budgetSeconds: number;
}

/** An objective against what was measured (or, in a dry run, what the plan implies). */
export interface ObjectiveCheck {
  objectiveMinutes?: number;
  measuredSeconds?: number;
  /** `measured` by the drill, `implied` by the plan's budgets (dry-run). */
  basis: 'measured' | 'implied';
  /** Undefined when there is no objective or nothing was measured. */
  met?: boolean;
  note: string;
}

/** passed: every step passed and the objectives were met; refused: a safety rule said no; failed: anything else. */
export type DrillResult = 'passed' | 'failed' | 'refused';

export interface DrillReport {
  schemaVersion: typeof DRILL_REPORT_SCHEMA_VERSION;
  drillId: string;
  policy: string;
  mode: DrillMode;
  /** The region the drill moves to or restores into. */
  target: RegionName;
  by: string;
  startedAt: string;
  endedAt: string;
  result: DrillResult;
  /** One sentence: what passed, or the step that failed and why. */
  summary: string;
  steps: DrillStep[];
  rto: ObjectiveCheck;
  rpo: ObjectiveCheck;
  /** The plan the engine would execute (dry-run) or executed (live), each step with its budget. */
  plan?: PlannedStep[];
  /** Safety rules that refused the drill (result `refused`). */
  refusedBy?: string[];
  /** Live drills: the endpoints before and after (they must match). */
  startingEndpoints?: EndpointSettings;
  finalEndpoints?: EndpointSettings;
  /** Rules a live drill overrode, each with the drill as its reason. */
  overrides?: string[];
  /** Set when the drill was aborted (a failed step, Ctrl-C, or an unfinished drill found at start). */
  aborted?: { reason: string; restored: boolean };
}

export function failedStep(report: Pick<DrillReport, 'steps'>): DrillStep | undefined {
  return report.steps.find((step) => step.outcome === 'failed');
}
