// The backup tarball reader: both of Velero's layouts, the preferred version over others, and hostile
// archives (not gzip, a gzip bomb, a huge entry, broken JSON, a stream that never ends) end in a clear
// error within the caps instead of a crash or unbounded memory.
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { BackupArchiveError, readBackupDeployments, type BackupReadLimits } from '../../src/kube/backup-contents.js';
import { backupTarball } from '../../src/lab/kube/velero-downloads.js';

async function tarball(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    chunks.push(Buffer.from(chunk as Uint8Array));
  });
  const done = new Promise<void>((resolve) => archive.on('end', () => resolve()));
  for (const [name, body] of Object.entries(entries)) archive.entry({ name }, body);
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

const deployment = (name: string, image: string, replicas = 2): string => JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec: { replicas, template: { spec: { containers: [{ name: 'app', image }] } } } });
const limits: BackupReadLimits = { maxCompressedBytes: 1 << 20, maxInflatedBytes: 4 << 20, maxEntryBytes: 64 << 10 };
const read = (body: Buffer | AsyncIterable<unknown>, namespaces = ['shop']) => readBackupDeployments(Buffer.isBuffer(body) ? Readable.from([body]) : body, namespaces, limits);

describe('readBackupDeployments', () => {
  it("reads the lab's tarball (format 1.1.0) back into the deployments it was made of", async () => {
    const body = await backupTarball({
      sourceCluster: 'aks-weu',
      namespaces: ['shop'],
      deployments: [JSON.parse(deployment('frontend', 'acr/shop/frontend:2', 3)) as never, JSON.parse(deployment('cart', 'acr/shop/cart:1')) as never],
    });
    expect(await read(body)).toEqual([
      { namespace: 'shop', name: 'cart', replicas: 2, images: ['acr/shop/cart:1'] },
      { namespace: 'shop', name: 'frontend', replicas: 3, images: ['acr/shop/frontend:2'] },
    ]);
    expect(await read(body, ['other'])).toEqual([]);
  });

  it('reads format 1.0, and prefers the preferred version when several are there', async () => {
    const body = await tarball({
      'resources/deployments.apps/namespaces/shop/api.json': deployment('api', 'api:old'),
      'resources/deployments.apps/v1beta2/namespaces/shop/web.json': deployment('web', 'web:v1beta2'),
      'resources/deployments.apps/v1-preferredversion/namespaces/shop/web.json': deployment('web', 'web:preferred'),
      'resources/deployments.apps/v1beta1/namespaces/shop/web.json': deployment('web', 'web:v1beta1'),
      'resources/pods/namespaces/shop/web-abc.json': '{"kind":"Pod"}',
    });
    expect(await read(body)).toEqual([
      { namespace: 'shop', name: 'api', replicas: 2, images: ['api:old'] },
      { namespace: 'shop', name: 'web', replicas: 2, images: ['web:preferred'] },
    ]);
  });

  it('refuses what is not a backup, a gzip bomb, a huge entry and broken JSON with a clear error', async () => {
    await expect(read(Buffer.from('<?xml version="1.0"?><Error/>'))).rejects.toThrow(BackupArchiveError);
    // 64 MiB of zeros compress to about 64 KiB: inflating stops at the 4 MiB cap.
    const bomb = gzipSync(Buffer.alloc(64 << 20));
    expect(bomb.length).toBeLessThan(limits.maxCompressedBytes);
    await expect(read(bomb)).rejects.toThrow(/larger than 4194304 bytes inflated/);
    const huge = await tarball({ 'resources/deployments.apps/namespaces/shop/big.json': Buffer.alloc(100 << 10, 0x20) });
    await expect(read(huge)).rejects.toThrow(/shop\/big .* larger than 65536 bytes/);
    const broken = await tarball({ 'resources/deployments.apps/namespaces/shop/bad.json': '{"spec":' });
    await expect(read(broken)).rejects.toThrow(/shop\/bad in the backup is not valid JSON/);
  });

  it('stops a download that never ends at a cap', async () => {
    // A valid gzip stream that never ends: one of the caps ends it.
    const zeros = new Readable({
      read() {
        this.push(Buffer.alloc(64 << 10));
      },
    });
    const endless = zeros.pipe(createGzip());
    await expect(read(endless)).rejects.toThrow(/larger than \d+ bytes (compressed|inflated)/);
    zeros.destroy();
  });
});
