// A StateStore that "dies" right after a chosen journal record is durable: the append succeeds,
// then throws, as a process killed at that instant would leave things. Also reports every append.
import type { JournalRecord } from '../../../src/engine/executor/journal.js';
import type { StateDocument, StateStore } from '../../../src/state/state-store.js';

export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

export class CrashingStore implements StateStore {
  crashWhen: ((log: string, record: unknown) => boolean) | undefined;
  onAppend: ((log: string, record: unknown) => void) | undefined;
  crashed = false;
  /** Runs before each save reaches the store (a concurrent writer can sneak in here). */
  beforeSave: ((key: string) => Promise<void>) | undefined;
  /** While set, every write fails with this error (a read-only or full disk, a store that went away). */
  writeError: Error | undefined;

  constructor(private readonly inner: StateStore) {}

  load<T>(key: string): Promise<StateDocument<T> | undefined> {
    return this.inner.load<T>(key);
  }
  async save<T>(key: string, data: T, expectedRevision: number, now: Date): Promise<StateDocument<T>> {
    if (this.writeError) throw this.writeError;
    await this.beforeSave?.(key);
    return this.inner.save(key, data, expectedRevision, now);
  }
  async append(log: string, record: unknown): Promise<void> {
    if (this.writeError) throw this.writeError;
    await this.inner.append(log, record);
    this.onAppend?.(log, record);
    if (this.crashWhen?.(log, record)) {
      this.crashWhen = undefined;
      this.crashed = true;
      throw new SimulatedCrash(`simulated crash after ${log} ${JSON.stringify(record).slice(0, 120)}`);
    }
  }
  readLog<T>(log: string): Promise<T[]> {
    return this.inner.readLog<T>(log);
  }
}

export function isJournalRecord(log: string, record: unknown): record is JournalRecord {
  return log.endsWith('.journal') && typeof record === 'object' && record !== null && 'phase' in record;
}
