// What a running drill tells whoever watches it (the CLI's stderr, the service's log): a step began
// and what it waits for, a step is still waiting (and on what), a step ended.
import type { StepOutcome } from './drill-report.js';

export type DrillProgress =
  | { kind: 'step-started'; step: string; title: string; waitsFor: string; elapsedMs: number }
  | { kind: 'waiting'; step: string; waitsFor: string; elapsedMs: number }
  | { kind: 'step-ended'; step: string; title: string; outcome: StepOutcome; reason: string; durationMs: number; elapsedMs: number };

export type ProgressListener = (event: DrillProgress) => void;
