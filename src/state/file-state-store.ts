// StateStore on the local filesystem: readable JSON documents replaced atomically (write a temp
// file, fsync, rename, fsync the folder) and JSON-lines logs appended with fsync, so a process killed
// at any instant leaves either the old or the new document, never half of one.
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { STATE_SCHEMA_VERSION, StateConflictError, StateCorruptError, assertSafeKey, type StateDocument, type StateStore } from './state-store.js';

export class FileStateStore implements StateStore {
  constructor(private readonly dir: string) {}

  async load<T>(key: string): Promise<StateDocument<T> | undefined> {
    assertSafeKey(key);
    const file = this.documentPath(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let doc: StateDocument<T>;
    try {
      doc = JSON.parse(text) as StateDocument<T>;
    } catch {
      throw new StateCorruptError(file, 'is not valid JSON; restore it from a backup or remove it to start from a clean state');
    }
    if (typeof doc.schemaVersion !== 'number' || typeof doc.revision !== 'number') {
      throw new StateCorruptError(file, 'lacks schemaVersion/revision; it was not written by aksdr');
    }
    if (doc.schemaVersion > STATE_SCHEMA_VERSION) {
      throw new StateCorruptError(file, `has schemaVersion ${doc.schemaVersion}, newer than this aksdr understands (${STATE_SCHEMA_VERSION}); upgrade aksdr`);
    }
    return doc;
  }

  async save<T>(key: string, data: T, expectedRevision: number, now: Date): Promise<StateDocument<T>> {
    assertSafeKey(key);
    await mkdir(this.dir, { recursive: true });
    const current = await this.load<T>(key);
    const actual = current?.revision ?? 0;
    if (actual !== expectedRevision) throw new StateConflictError(key, expectedRevision, actual);
    const doc: StateDocument<T> = { schemaVersion: STATE_SCHEMA_VERSION, revision: actual + 1, updatedAt: now.toISOString(), data };
    const file = this.documentPath(key);
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(doc, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await this.syncDir();
    return doc;
  }

  async append(log: string, record: unknown): Promise<void> {
    assertSafeKey(log);
    await mkdir(this.dir, { recursive: true });
    const handle = await open(this.logPath(log), 'a+', 0o600);
    try {
      // A crash mid-append can leave a torn last line without its newline: start on a fresh line.
      const { size } = await handle.stat();
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      await handle.appendFile(`${prefix}${JSON.stringify(record)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async readLog<T>(log: string): Promise<T[]> {
    assertSafeKey(log);
    let text: string;
    try {
      text = await readFile(this.logPath(log), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: T[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line) as T);
      } catch {
        // Records are written whole, one line each; a line that does not parse was torn by a crash
        // mid-append, and the step it described is treated as not recorded.
      }
    }
    return records;
  }

  private documentPath(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  private logPath(log: string): string {
    return path.join(this.dir, `${log}.jsonl`);
  }

  private async syncDir(): Promise<void> {
    // Make the rename itself durable; not every platform lets a folder be opened for fsync.
    try {
      const handle = await open(this.dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      /* best effort */
    }
  }
}
