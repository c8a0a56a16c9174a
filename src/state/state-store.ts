// Where the engine keeps what must survive a crash: one document per policy (the engine state) with
// a revision for optimistic concurrency, plus append-only logs (the step journal, the audit trail).
// The file store is the embedded default; a blob store implements the same port in production.

export const STATE_SCHEMA_VERSION = 1;

export interface StateDocument<T = unknown> {
  schemaVersion: number;
  /** Increments on every save; a save that expected another revision is refused (a second writer). */
  revision: number;
  updatedAt: string;
  data: T;
}

export interface StateStore {
  /** The document under `key`, or undefined when none was saved yet. */
  load<T>(key: string): Promise<StateDocument<T> | undefined>;
  /**
   * Save `data` as the next revision. `expectedRevision` (0 = must not exist yet) guards against a
   * concurrent writer: a mismatch throws StateConflictError and writes nothing.
   */
  save<T>(key: string, data: T, expectedRevision: number, now: Date): Promise<StateDocument<T>>;
  /** Append one record to the log named `log` (durable before the promise resolves). */
  append(log: string, record: unknown): Promise<void>;
  /** Every record of a log, oldest first; a torn last line (a crash mid-write) is ignored. */
  readLog<T>(log: string): Promise<T[]>;
}

export class StateConflictError extends Error {
  readonly code = 'StateConflict';
  constructor(
    readonly key: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(`state '${key}' is at revision ${actualRevision}, not ${expectedRevision}: another writer changed it`);
    this.name = 'StateConflictError';
  }
}

export class StateCorruptError extends Error {
  readonly code = 'StateCorrupt';
  constructor(
    readonly location: string,
    message: string,
  ) {
    super(`${location}: ${message}`);
    this.name = 'StateCorruptError';
  }
}

export function isStateConflictError(error: unknown): error is StateConflictError {
  return error instanceof StateConflictError;
}

/** Keys and log names become file and blob names: keep them to a safe alphabet. */
export function assertSafeKey(key: string): void {
  if (!/^[a-z0-9][a-z0-9._-]{0,120}$/i.test(key) || key.includes('..')) {
    throw new Error(`invalid state key '${key}': use letters, digits, '.', '_' and '-'`);
  }
}
