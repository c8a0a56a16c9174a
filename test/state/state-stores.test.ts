import { readdir, readFile, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { stateStoreContract } from './state-store.contract.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
});
async function fileStore(): Promise<{ store: FileStateStore; dir: string }> {
  const temp = await withTempDir('aksdr-state-');
  cleanups.push(temp.cleanup);
  return { store: new FileStateStore(temp.dir), dir: temp.dir };
}

stateStoreContract('memory', () => Promise.resolve(new MemoryStateStore()));
stateStoreContract('file', async () => (await fileStore()).store);

describe('FileStateStore on disk', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('writes readable, indented JSON and leaves no temporary files behind', async () => {
    const { store, dir } = await fileStore();
    await store.save('shop', { state: 'Steady' }, 0, now);
    await store.save('shop', { state: 'Degraded' }, 1, now);
    expect(await readdir(dir)).toEqual(['shop.json']);
    const text = await readFile(path.join(dir, 'shop.json'), 'utf8');
    expect(text).toContain('\n  "schemaVersion": 1,');
  });

  it('survives a journal line torn by a crash mid-append: the torn record is dropped, later ones kept', async () => {
    const { store, dir } = await fileStore();
    await store.append('shop.journal', { step: 1 });
    await appendFile(path.join(dir, 'shop.journal.jsonl'), '{"step": 2, "ph');
    expect(await store.readLog('shop.journal')).toEqual([{ step: 1 }]);
    await store.append('shop.journal', { step: 3 });
    expect(await store.readLog('shop.journal')).toEqual([{ step: 1 }, { step: 3 }]);
  });

  it('explains a corrupt or newer state file instead of crashing', async () => {
    const { store, dir } = await fileStore();
    await writeFile(path.join(dir, 'shop.json'), '{ nope');
    await expect(store.load('shop')).rejects.toThrow(/shop\.json: is not valid JSON/);
    await writeFile(path.join(dir, 'shop.json'), JSON.stringify({ schemaVersion: 99, revision: 1, updatedAt: '', data: {} }));
    await expect(store.load('shop')).rejects.toThrow(/schemaVersion 99, newer than this aksdr understands/);
  });
});
