// The write-ahead journal of operations: one JSON line per step boundary in the state store's log
// `<policy>.journal`. A step is `started` before it touches anything and `completed` (or `failed`)
// after; the operation itself is `started` (with the rules a person overrode) and ends `completed`
// or `failed` with its outcome. Reading it back tells a restarted controller where to resume.
import type { OperationOutcome, RuleName, StepKind } from '../../core/index.js';
import type { StateStore } from '../../state/state-store.js';

export type StepPhase = 'started' | 'completed' | 'failed';

export interface StepRecord {
  operationId: string;
  stepIndex: number;
  kind: StepKind;
  phase: StepPhase;
  /** Epoch ms. */
  at: number;
  /** What the step found or did (completed), small and secret-free. */
  result?: Record<string, unknown>;
  /** Why it failed: a stable code and a message for people. */
  error?: { code: string; message: string };
}

export interface OperationRecord {
  operationId: string;
  stepIndex: -1;
  kind: 'operation';
  phase: StepPhase;
  at: number;
  /** Rules a forced command overrode; steps that re-check them (readiness, health) honour it. */
  overrides?: RuleName[];
  outcome?: OperationOutcome;
}

export type JournalRecord = StepRecord | OperationRecord;

export function journalLogName(policy: string): string {
  return `${policy}.journal`;
}

/** What the journal says about one operation. */
export interface OperationProgress {
  started: boolean;
  overrides: RuleName[];
  /** The index of the first step without a `completed` record (steps.length when all completed). */
  resumeAt: number;
  /** Indexes of steps with a `completed` record. */
  completed: Set<number>;
  /** The terminal outcome, when the operation already ended (a crash before the state was saved). */
  outcome?: OperationOutcome;
  records: JournalRecord[];
}

export class Journal {
  constructor(
    private readonly store: StateStore,
    private readonly policy: string,
  ) {}

  append(record: JournalRecord): Promise<void> {
    return this.store.append(journalLogName(this.policy), record);
  }

  async records(operationId?: string): Promise<JournalRecord[]> {
    const all = await this.store.readLog<JournalRecord>(journalLogName(this.policy));
    return operationId === undefined ? all : all.filter((record) => record.operationId === operationId);
  }

  async progress(operationId: string, stepCount: number): Promise<OperationProgress> {
    const records = await this.records(operationId);
    const completed = new Set<number>();
    let started = false;
    let overrides: RuleName[] = [];
    let outcome: OperationOutcome | undefined;
    for (const record of records) {
      if (record.kind === 'operation') {
        if (record.phase === 'started') {
          started = true;
          overrides = record.overrides ?? [];
        } else if (record.outcome) {
          outcome = record.outcome;
        }
      } else if (record.phase === 'completed') {
        completed.add(record.stepIndex);
      }
    }
    let resumeAt = 0;
    while (resumeAt < stepCount && completed.has(resumeAt)) resumeAt++;
    return { started, overrides, resumeAt, completed, records, ...(outcome ? { outcome } : {}) };
  }
}
