// BlobStateStore against Azurite (the official Azure Storage emulator), started in-process-tree by
// this file: the shared StateStore contract, plus what only a shared store has to get right — two
// controller replicas on one container, and two writers racing for the same revision.
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStateStore } from '../../src/state/blob-state-store.js';
import { StateConflictError, StateCorruptError } from '../../src/state/state-store.js';
import { stateStoreContract } from './state-store.contract.js';
import { startAzurite, type RunningAzurite } from '../fixtures/azurite.js';

const now = new Date('2026-11-23T12:00:00Z');

let azurite: RunningAzurite | undefined;
let service: BlobServiceClient | undefined;
let containers = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
});

afterAll(async () => {
  await azurite?.stop();
});

/** A fresh, empty container: tests never see each other's blobs. */
async function freshContainer(): Promise<ContainerClient> {
  if (!service) throw new Error('Azurite is not running');
  containers += 1;
  const container = service.getContainerClient(`aksdr-state-${process.pid}-${containers}`);
  await container.create();
  return container;
}

/**
 * A container whose next document upload first lets `interloper` run: a second writer that gets in
 * exactly between this store's read and its conditional write — the window only the ETag closes.
 */
function interleaved(container: ContainerClient, interloper: () => Promise<unknown>): ContainerClient {
  const getBlockBlobClient = container.getBlockBlobClient.bind(container);
  let pending: (() => Promise<unknown>) | undefined = interloper;
  container.getBlockBlobClient = (name) => {
    const blob = getBlockBlobClient(name);
    const upload = blob.upload.bind(blob);
    blob.upload = async (...args) => {
      const run = pending;
      pending = undefined;
      if (run) await run();
      return upload(...args);
    };
    return blob;
  };
  return container;
}

stateStoreContract('azure blob (Azurite)', async () => new BlobStateStore(await freshContainer()));

describe('BlobStateStore on Azurite', () => {
  it('writes readable JSON block blobs and JSON-lines append blobs', async () => {
    const container = await freshContainer();
    const store = new BlobStateStore(container);
    await store.save('shop', { state: 'Steady' }, 0, now);
    await store.append('shop.journal', { step: 1 });
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(`${blob.name} ${blob.properties.blobType}`);
    expect(names.sort()).toEqual(['shop.journal.jsonl AppendBlob', 'shop.json BlockBlob']);
    const text = (await container.getBlockBlobClient('shop.json').downloadToBuffer()).toString('utf8');
    expect(text).toContain('\n  "schemaVersion": 1,');
  });

  it('skips a log line that does not parse, keeping the records around it', async () => {
    const container = await freshContainer();
    const store = new BlobStateStore(container);
    await store.append('shop.journal', { step: 1 });
    const garbage = '{"step": 2, "ph\n';
    await container.getAppendBlobClient('shop.journal.jsonl').appendBlock(garbage, Buffer.byteLength(garbage));
    await store.append('shop.journal', { step: 3 });
    expect(await store.readLog('shop.journal')).toEqual([{ step: 1 }, { step: 3 }]);
  });

  it('explains a corrupt or newer document instead of crashing', async () => {
    const container = await freshContainer();
    const store = new BlobStateStore(container);
    const blob = container.getBlockBlobClient('shop.json');
    await blob.upload('{ nope', 6);
    await expect(store.load('shop')).rejects.toThrow(/shop\.json: is not valid JSON/);
    const newer = JSON.stringify({ schemaVersion: 99, revision: 1, updatedAt: '', data: {} });
    await blob.upload(newer, newer.length);
    await expect(store.load('shop')).rejects.toBeInstanceOf(StateCorruptError);
    await expect(store.save('shop', {}, 1, now)).rejects.toThrow(/schemaVersion 99, newer than this aksdr understands/);
  });

  it('two replicas on one container: the one holding a stale revision is refused, the winner kept', async () => {
    const container = await freshContainer();
    const replicaA = new BlobStateStore(container);
    const replicaB = new BlobStateStore(sameContainer(container));
    await replicaA.save('shop', { owner: 'A', v: 1 }, 0, now);
    expect((await replicaB.load('shop'))?.revision).toBe(1);
    await replicaA.save('shop', { owner: 'A', v: 2 }, 1, now);
    const refused = replicaB.save('shop', { owner: 'B' }, 1, now);
    await expect(refused).rejects.toBeInstanceOf(StateConflictError);
    await expect(refused).rejects.toMatchObject({ expectedRevision: 1, actualRevision: 2 });
    expect(await replicaB.load('shop')).toMatchObject({ revision: 2, data: { owner: 'A', v: 2 } });
  });

  it('a writer beaten between its read and its write is refused by the ETag (412), not overwritten', async () => {
    const container = await freshContainer();
    const winner = new BlobStateStore(sameContainer(container));
    await winner.save('shop', { owner: 'seed' }, 0, now);
    const loser = new BlobStateStore(interleaved(container, () => winner.save('shop', { owner: 'winner' }, 1, now)));
    const refused = loser.save('shop', { owner: 'loser' }, 1, now);
    await expect(refused).rejects.toBeInstanceOf(StateConflictError);
    await expect(refused).rejects.toMatchObject({ expectedRevision: 1, actualRevision: 2 });
    expect(await winner.load('shop')).toMatchObject({ revision: 2, data: { owner: 'winner' } });
  });

  it('a first save beaten by another first save is refused (If-None-Match: *), not overwritten', async () => {
    const container = await freshContainer();
    const winner = new BlobStateStore(sameContainer(container));
    const loser = new BlobStateStore(interleaved(container, () => winner.save('shop', { owner: 'winner' }, 0, now)));
    await expect(loser.save('shop', { owner: 'loser' }, 0, now)).rejects.toMatchObject({ name: 'StateConflictError', actualRevision: 1 });
    expect(await winner.load('shop')).toMatchObject({ revision: 1, data: { owner: 'winner' } });
  });

  it('writers racing from the same revision: exactly one wins, every round', async () => {
    const container = await freshContainer();
    const replicas = [0, 1, 2, 3].map(() => new BlobStateStore(sameContainer(container)));
    await replicas[0]?.save('shop', { round: 0, owner: -1 }, 0, now);
    for (let round = 1; round <= 5; round += 1) {
      const results = await Promise.allSettled(replicas.map((replica, owner) => replica.save('shop', { round, owner }, round, now)));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      for (const failure of lost) expect(failure.reason).toBeInstanceOf(StateConflictError);
      const stored = await replicas[0]?.load<{ round: number; owner: number }>('shop');
      expect(stored?.revision).toBe(round + 1);
      expect(stored?.data).toEqual(won[0]?.value.data);
    }
  });

  it('appends from two replicas to one log all land, none lost', async () => {
    const container = await freshContainer();
    const a = new BlobStateStore(container);
    const b = new BlobStateStore(sameContainer(container));
    await Promise.all([1, 2, 3, 4, 5].flatMap((i) => [a.append('shop.audit', { by: 'a', i }), b.append('shop.audit', { by: 'b', i })]));
    const records = await a.readLog<{ by: string; i: number }>('shop.audit');
    expect(records).toHaveLength(10);
    const keys = records.map((r) => `${r.by}${r.i}`).sort();
    expect(keys).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'b3', 'b4', 'b5']);
  });
});

/** A second, independent client for the same container: what another replica would build. */
function sameContainer(container: ContainerClient): ContainerClient {
  if (!service) throw new Error('Azurite is not running');
  return service.getContainerClient(container.containerName);
}
