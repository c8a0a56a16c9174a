// Runs a drill's steps one after another and records each: start, end, outcome, reason, evidence.
// A step is a function that returns what it found or throws a StepFailure (an expected failure,
// with its evidence); anything else it throws is recorded as a failure with the error's message.
import type { Clock } from '../engine/clock.js';
import type { ProgressListener } from './drill-progress.js';
import type { DrillStep } from './drill-report.js';

export interface StepFound {
  reason: string;
  evidence?: Record<string, unknown>;
}

export class StepFailure extends Error {
  constructor(
    message: string,
    readonly evidence: Record<string, unknown> = {},
    /** The safety rules that refused (the drill's result is then `refused`, exit 3). */
    readonly refusedBy?: string[],
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

export interface StepSpec {
  name: string;
  title: string;
  /** What the step waits for, shown while it runs. */
  waitsFor: string;
  budgetSeconds?: number;
}

export class StepRecorder {
  readonly steps: DrillStep[] = [];
  refusedBy: string[] | undefined;
  private readonly startedAt: number;

  constructor(
    private readonly clock: Clock,
    private readonly onProgress: ProgressListener | undefined,
  ) {
    this.startedAt = clock.now();
  }

  get elapsedMs(): number {
    return this.clock.now() - this.startedAt;
  }

  get failed(): boolean {
    return this.steps.some((step) => step.outcome === 'failed');
  }

  /** Tells the watcher a step began whose outcome `record` reports later. */
  started(spec: StepSpec): void {
    this.onProgress?.({ kind: 'step-started', step: spec.name, title: spec.title, waitsFor: spec.waitsFor, elapsedMs: this.elapsedMs });
  }

  /** Tells the watcher what a running step waits for now. */
  waiting(step: string, waitsFor: string): void {
    this.onProgress?.({ kind: 'waiting', step, waitsFor, elapsedMs: this.elapsedMs });
  }

  /** Runs the step; true when it passed. Never throws for the step's own failure. */
  async run(spec: StepSpec, body: () => Promise<StepFound>): Promise<boolean> {
    const start = this.clock.now();
    this.onProgress?.({ kind: 'step-started', step: spec.name, title: spec.title, waitsFor: spec.waitsFor, elapsedMs: this.elapsedMs });
    let outcome: 'passed' | 'failed' = 'passed';
    let found: StepFound;
    try {
      found = await body();
    } catch (error) {
      outcome = 'failed';
      found = { reason: error instanceof Error ? error.message : String(error), ...(error instanceof StepFailure ? { evidence: error.evidence } : {}) };
      if (error instanceof StepFailure && error.refusedBy) this.refusedBy = error.refusedBy;
    }
    this.record(spec, start, outcome, found);
    return outcome === 'passed';
  }

  /** A step that did not run because an earlier one failed (listed, so the report shows the whole drill). */
  skip(spec: StepSpec, reason: string): void {
    this.record(spec, this.clock.now(), 'skipped', { reason });
  }

  /** A step whose outcome is already known (each readiness check of a report, for one). */
  record(spec: StepSpec, start: number, outcome: DrillStep['outcome'], found: StepFound, end = this.clock.now()): void {
    const step: DrillStep = {
      name: spec.name,
      title: spec.title,
      startedAt: new Date(start).toISOString(),
      endedAt: new Date(end).toISOString(),
      durationMs: end - start,
      outcome,
      reason: found.reason,
      ...(spec.budgetSeconds === undefined ? {} : { budgetSeconds: spec.budgetSeconds }),
      ...(found.evidence ? { evidence: found.evidence } : {}),
    };
    this.steps.push(step);
    this.onProgress?.({ kind: 'step-ended', step: spec.name, title: spec.title, outcome, reason: found.reason, durationMs: step.durationMs, elapsedMs: this.elapsedMs });
  }
}
