// StateStore in memory: the fake for engine tests, held to the same contract suite as the file store.
import { STATE_SCHEMA_VERSION, StateConflictError, assertSafeKey, type StateDocument, type StateStore } from './state-store.js';

export class MemoryStateStore implements StateStore {
  private readonly documents = new Map<string, string>();
  private readonly logs = new Map<string, string[]>();

  async load<T>(key: string): Promise<StateDocument<T> | undefined> {
    await Promise.resolve();
    assertSafeKey(key);
    const text = this.documents.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as StateDocument<T>);
  }

  async save<T>(key: string, data: T, expectedRevision: number, now: Date): Promise<StateDocument<T>> {
    const actual = (await this.load<T>(key))?.revision ?? 0;
    if (actual !== expectedRevision) throw new StateConflictError(key, expectedRevision, actual);
    const doc: StateDocument<T> = { schemaVersion: STATE_SCHEMA_VERSION, revision: actual + 1, updatedAt: now.toISOString(), data };
    // Stored serialised, so callers cannot mutate what was saved and non-JSON values fail as they would on disk.
    this.documents.set(key, JSON.stringify(doc));
    return doc;
  }

  async append(log: string, record: unknown): Promise<void> {
    await Promise.resolve();
    assertSafeKey(log);
    const lines = this.logs.get(log) ?? [];
    lines.push(JSON.stringify(record));
    this.logs.set(log, lines);
  }

  async readLog<T>(log: string): Promise<T[]> {
    await Promise.resolve();
    assertSafeKey(log);
    return (this.logs.get(log) ?? []).map((line) => JSON.parse(line) as T);
  }
}
