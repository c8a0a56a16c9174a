// Against Azurite: per-policy blob leases (one holder; the holder renews; a restarted holder gets its
// own lease back; release hands it over) and append-blob logs that rotate into segments before the
// 50,000-block limit while reading back as one log, across store instances.
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobLeaseProvider } from '../../src/state/blob-lease.js';
import { BlobStateStore } from '../../src/state/blob-state-store.js';
import { startAzurite, type RunningAzurite } from '../fixtures/azurite.js';

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

async function freshContainer(): Promise<ContainerClient> {
  if (!service) throw new Error('Azurite is not running');
  containers += 1;
  const container = service.getContainerClient(`aksdr-lease-${process.pid}-${containers}`);
  await container.create();
  return container;
}

describe('blob leases', () => {
  it('one holder at a time; the holder renews; a restarted holder gets its lease back; release hands it over', async () => {
    const container = await freshContainer();
    const leases = new BlobLeaseProvider(container);
    const a = leases.lease('shop', 'replica-a');
    const b = leases.lease('shop', 'replica-b');
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    expect(await a.hold()).toBe(true);
    expect(await new BlobLeaseProvider(container).lease('shop', 'replica-a').hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    await a.release();
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
  });

  it('recovers when the lease blob is removed behind its back', async () => {
    const container = await freshContainer();
    const lease = new BlobLeaseProvider(container).lease('shop', 'a');
    expect(await lease.hold()).toBe(true);
    await lease.release();
    await container.getBlockBlobClient('shop.lease').delete();
    await expect(lease.hold()).rejects.toThrow();
    expect(await lease.hold()).toBe(true);
  });

  it('leases of different policies are independent', async () => {
    const container = await freshContainer();
    const leases = new BlobLeaseProvider(container);
    expect(await leases.lease('shop', 'a').hold()).toBe(true);
    expect(await leases.lease('blog', 'b').hold()).toBe(true);
  });
});

describe('log rotation', () => {
  it('rotates an append-blob log into segments and reads them back in order, from any instance', async () => {
    const container = await freshContainer();
    const first = new BlobStateStore(container, { blocksPerLogSegment: 3 });
    for (let i = 0; i < 5; i++) await first.append('shop.audit', { i });
    const second = new BlobStateStore(container, { blocksPerLogSegment: 3 });
    for (let i = 5; i < 8; i++) await second.append('shop.audit', { i });
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    expect(names.sort()).toEqual(['shop.audit.jsonl', 'shop.audit.part-1.jsonl', 'shop.audit.part-2.jsonl']);
    expect((await first.readLog<{ i: number }>('shop.audit')).map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
