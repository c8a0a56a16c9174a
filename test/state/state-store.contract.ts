// One contract for every StateStore implementation.
import { describe, expect, it } from 'vitest';
import { StateConflictError, type StateStore } from '../../src/state/state-store.js';

const now = new Date('2026-11-23T12:00:00Z');

export function stateStoreContract(name: string, makeStore: () => Promise<StateStore>): void {
  describe(`StateStore contract: ${name}`, () => {
    it('returns nothing for a key never saved', async () => {
      const store = await makeStore();
      expect(await store.load('shop')).toBeUndefined();
    });

    it('round-trips a document with schemaVersion and increasing revisions', async () => {
      const store = await makeStore();
      const first = await store.save('shop', { state: 'Steady', weights: { westeurope: 1000 } }, 0, now);
      expect(first).toMatchObject({ schemaVersion: 1, revision: 1, updatedAt: now.toISOString() });
      const second = await store.save('shop', { state: 'FailedOver' }, 1, now);
      expect(second.revision).toBe(2);
      expect(await store.load('shop')).toEqual(second);
    });

    it('refuses a save from a writer holding a stale revision, and keeps the document', async () => {
      const store = await makeStore();
      await store.save('shop', { v: 1 }, 0, now);
      await store.save('shop', { v: 2 }, 1, now);
      await expect(store.save('shop', { v: 'stale' }, 1, now)).rejects.toBeInstanceOf(StateConflictError);
      await expect(store.save('shop', { v: 'new' }, 0, now)).rejects.toThrow(/revision 2, not 0/);
      expect((await store.load<{ v: number }>('shop'))?.data).toEqual({ v: 2 });
    });

    it('keeps logs in append order, separately per log', async () => {
      const store = await makeStore();
      await store.append('shop.journal', { step: 1 });
      await store.append('shop.audit', { event: 'decision' });
      await store.append('shop.journal', { step: 2 });
      expect(await store.readLog('shop.journal')).toEqual([{ step: 1 }, { step: 2 }]);
      expect(await store.readLog('shop.audit')).toEqual([{ event: 'decision' }]);
      expect(await store.readLog('other')).toEqual([]);
    });

    it('rejects keys that could escape the store', async () => {
      const store = await makeStore();
      await expect(store.load('../etc/passwd')).rejects.toThrow(/invalid state key/);
      await expect(store.append('a/b', {})).rejects.toThrow(/invalid state key/);
    });
  });
}
