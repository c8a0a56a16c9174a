// Reads the Deployments out of a Velero backup tarball (gzip-compressed tar; format 1.0
// `resources/deployments.apps/namespaces/<ns>/<name>.json` or 1.1.0 with a version directory,
// `.../v1-preferredversion/namespaces/...`, which wins when both are there). The archive comes from
// object storage, so it is read as untrusted input: streamed, never held whole, with a cap on the
// compressed bytes, on the bytes inflated, and on each JSON entry; anything else in it is skipped.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import type { BackedUpDeployment } from '../core/ports/velero-port.js';

export interface BackupReadLimits {
  /** Compressed bytes read from the download (default 256 MiB). */
  maxCompressedBytes: number;
  /** Bytes after inflating (default 1 GiB): a gzip bomb stops here. */
  maxInflatedBytes: number;
  /** One Deployment's JSON (default 4 MiB). */
  maxEntryBytes: number;
}

export const defaultBackupReadLimits: BackupReadLimits = { maxCompressedBytes: 256 * 2 ** 20, maxInflatedBytes: 2 ** 30, maxEntryBytes: 4 * 2 ** 20 };

export class BackupArchiveError extends Error {
  override readonly name = 'BackupArchiveError';
}

const deploymentPath = /^resources\/deployments\.apps\/(?:([^/]+)\/)?namespaces\/([^/]+)\/([^/]+)\.json$/;

/** Counts the bytes passing through and fails the stream past `limit`. */
async function* capped(source: AsyncIterable<unknown>, limit: number, what: string): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.length;
    if (total > limit) throw new BackupArchiveError(`the backup archive is larger than ${limit} bytes ${what}; not read further`);
    yield buffer;
  }
}

function toBackedUp(text: string, namespace: string, name: string): BackedUpDeployment | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new BackupArchiveError(`deployment ${namespace}/${name} in the backup is not valid JSON`);
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const spec = (doc as { spec?: { replicas?: unknown; template?: { spec?: { containers?: unknown } } } }).spec;
  const containers = Array.isArray(spec?.template?.spec?.containers) ? (spec.template.spec.containers as unknown[]) : [];
  const images = containers.map((c) => (typeof c === 'object' && c !== null && typeof (c as { image?: unknown }).image === 'string' ? (c as { image: string }).image : '')).filter(Boolean);
  const replicas = typeof spec?.replicas === 'number' && Number.isInteger(spec.replicas) && spec.replicas >= 0 ? spec.replicas : 1;
  return { namespace, name, replicas, images };
}

/** The Deployments of `namespaces` in the archive `body` (a byte stream), ordered by namespace/name. */
export async function readBackupDeployments(body: AsyncIterable<unknown>, namespaces: readonly string[], limits: BackupReadLimits = defaultBackupReadLimits, signal?: AbortSignal): Promise<BackedUpDeployment[]> {
  const wanted = new Set(namespaces);
  // Rank of where an object sits: the preferred version (format 1.1.0) over the unversioned path (1.0) over other versions.
  const found = new Map<string, { rank: number; deployment: BackedUpDeployment }>();
  const tar = extract();
  const collect = (async () => {
    for await (const entry of tar) {
      const match = deploymentPath.exec(entry.header.name);
      const namespace = match?.[2];
      const name = match?.[3];
      if (!match || namespace === undefined || name === undefined || !wanted.has(namespace) || entry.header.type !== 'file') {
        entry.resume();
        continue;
      }
      if ((entry.header.size ?? 0) > limits.maxEntryBytes) throw new BackupArchiveError(`deployment ${namespace}/${name} in the backup is larger than ${limits.maxEntryBytes} bytes`);
      const chunks: Buffer[] = [];
      for await (const chunk of capped(entry, limits.maxEntryBytes, `for deployment ${namespace}/${name}`)) chunks.push(chunk);
      const deployment = toBackedUp(Buffer.concat(chunks).toString('utf8'), namespace, name);
      const rank = match[1] === undefined ? 1 : match[1].endsWith('-preferredversion') ? 2 : 0;
      const key = `${namespace}/${name}`;
      if (deployment && rank >= (found.get(key)?.rank ?? -1)) found.set(key, { rank, deployment });
    }
  })();
  try {
    await Promise.all([
      pipeline(Readable.from(capped(body, limits.maxCompressedBytes, 'compressed')), createGunzip(), async function* (inflated: AsyncIterable<unknown>) {
        yield* capped(inflated, limits.maxInflatedBytes, 'inflated');
      }, tar, ...(signal ? [{ signal }] : [])),
      collect,
    ]);
  } catch (error) {
    tar.destroy();
    if (error instanceof BackupArchiveError || (error instanceof Error && error.name === 'AbortError')) throw error;
    throw new BackupArchiveError(`the backup archive cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return [...found.values()].map((f) => f.deployment).sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}
