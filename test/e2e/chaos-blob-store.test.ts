// Chaos: the state in Azure Blob Storage goes away in the middle of a failover — Azurite (the official
// emulator, its blobs on disk) stopped right after the weight shift's `started` record is durable —
// and comes back on the same endpoint with the same blobs. While it is gone the engine acts on
// nothing it could not record (cycles fail loudly, the world does not change); when it returns the
// journal resumes the operation, which completes exactly once: no second weight write, one restore.
import path from 'node:path';
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../../src/engine/engine-document.js';
import { BlobStateStore } from '../../src/state/blob-state-store.js';
import { AZURITE_ACCOUNT_KEY, startAzurite, type RunningAzurite } from '../fixtures/azurite.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { CrashingStore, isJournalRecord } from '../engine/support/crashing-store.js';
import { PRIMARY, SECONDARY, anEngineWorld } from '../engine/support/engine-world.js';

let azurite: RunningAzurite | undefined;
const temp = await withTempDir('aksdr-azurite-');
afterAll(async () => {
  await azurite?.stop();
  await temp.cleanup();
});

describe('Blob state: Azurite stopped mid-failover and restarted', () => {
  it('acts on nothing unrecorded while it is gone, then resumes the journal and completes once', { timeout: 120_000 }, async () => {
    const location = path.join(temp.dir, 'blobs');
    azurite = await startAzurite({ location });
    const { port } = azurite;
    // Quick give-ups while the store is gone (the product's defaults retry for longer).
    const container = new ContainerClient(`http://127.0.0.1:${port}/devstoreaccount1/aksdr-state`, new StorageSharedKeyCredential('devstoreaccount1', AZURITE_ACCOUNT_KEY), {
      retryOptions: { maxTries: 2, retryDelayInMs: 50, maxRetryDelayInMs: 200, tryTimeoutInMs: 3_000 },
    });
    await container.createIfNotExists();
    const world = anEngineWorld();
    const store = new CrashingStore(new BlobStateStore(container));
    // The process stops right after the shift's `started` record is durable (before its PATCH), and
    // Azurite goes away with it: the operation is in flight in the store.
    store.crashWhen = (log, record) => isJournalRecord(log, record) && record.kind === 'shiftWeights' && record.phase === 'started';
    const patches = (): number => world.trafficManager.calls.filter((c) => c.startsWith('setEndpoint')).length;
    const first = world.engine({ store });
    await world.cycle(first);
    world.observer.down.add(PRIMARY);
    for (let i = 0; i < 6 && !store.crashed; i++) await world.cycle(first).catch(() => undefined);
    expect(store.crashed).toBe(true);
    expect(patches()).toBe(0);
    await azurite.stop();

    // A new process while the store is gone: every cycle fails loudly, nothing happens in the world.
    const engine = world.engine({ store });
    const restores = (): number => world.velero[world.policy.spec.regions[1]?.cluster ?? '']?.calls.filter((c) => c.startsWith('createRestore')).length ?? 0;
    let failures = 0;
    for (let i = 0; i < 3; i++) await world.cycle(engine).then(() => undefined, () => void failures++);
    expect(failures).toBe(3);
    expect(patches()).toBe(0);
    expect(restores()).toBe(0);

    // Back on the same endpoint, with the same blobs: the journal resumes where it stopped.
    azurite = await startAzurite({ location, port });
    for (let i = 0; i < 6; i++) await world.cycle(engine).catch(() => undefined);
    const { doc } = await loadDocument(store, world.policy, world.clock.now());
    expect(doc.engine).toMatchObject({ kind: 'FailedOver', active: SECONDARY });
    expect((await world.endpoints())[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    expect(restores()).toBe(1);
    const journal = await engine.journal.records();
    expect(journal.filter((r) => r.kind === 'operation' && r.phase === 'completed')).toHaveLength(1);
    const completed = journal.filter((r) => r.kind !== 'operation' && r.phase === 'completed').map((r) => `${r.operationId}#${r.stepIndex}`);
    expect(completed).toEqual([...new Set(completed)]);
  });
});
