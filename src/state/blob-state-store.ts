// StateStore on Azure Blob Storage, for controller replicas on different machines sharing one state.
//
// Documents are block blobs `<key>.json` holding the same readable JSON as the file store. A save is
// stateless and two-phase: read the current blob (its revision and its ETag), refuse a revision other
// than the one the caller expected, then upload conditionally — `If-Match: <that ETag>`, or
// `If-None-Match: *` when there was no blob. The service evaluates the condition atomically with the
// write, and every write gives the blob a new ETag, so the upload succeeds only if nobody wrote
// between our read and our write. That is the guarantee the file store's revision check gives within
// one machine, extended across machines: when two replicas both read revision N and both write, the
// first write changes the ETag and the second gets 412 (or 409 for a first save) — reported as the
// same StateConflictError as a stale revision, and nothing of the loser is written. No lease, no
// lock to leak when a replica dies, and no ETag cached between calls that could go stale.
//
// Logs are append blobs `<log>.jsonl`, one Append Block per record: the service commits a block
// whole or not at all, so a line is never torn by a crash; readLog still skips a line that does not
// parse, as the file store does. An append blob holds at most 50,000 blocks, i.e. records: logs
// rotate into segments before that (blob-log-segments.ts).
import { type AppendBlobClient, type BlockBlobClient, type ContainerClient } from '@azure/storage-blob';
import { BlobLogSegments, defaultBlocksPerSegment } from './blob-log-segments.js';
import { STATE_SCHEMA_VERSION, StateConflictError, StateCorruptError, assertSafeKey, type StateDocument, type StateStore } from './state-store.js';

interface CurrentDocument<T> {
  doc: StateDocument<T>;
  etag: string;
}

export class BlobStateStore implements StateStore {
  private readonly logs: BlobLogSegments;

  constructor(
    private readonly container: ContainerClient,
    options: { blocksPerLogSegment?: number } = {},
  ) {
    this.logs = new BlobLogSegments(container, options.blocksPerLogSegment ?? defaultBlocksPerSegment);
  }

  async load<T>(key: string): Promise<StateDocument<T> | undefined> {
    assertSafeKey(key);
    return (await this.current<T>(key))?.doc;
  }

  async save<T>(key: string, data: T, expectedRevision: number, now: Date): Promise<StateDocument<T>> {
    assertSafeKey(key);
    const current = await this.current<T>(key);
    const actual = current?.doc.revision ?? 0;
    if (actual !== expectedRevision) throw new StateConflictError(key, expectedRevision, actual);
    const doc: StateDocument<T> = { schemaVersion: STATE_SCHEMA_VERSION, revision: actual + 1, updatedAt: now.toISOString(), data };
    const body = `${JSON.stringify(doc, null, 2)}\n`;
    try {
      await this.documentBlob(key).upload(body, Buffer.byteLength(body), {
        conditions: current ? { ifMatch: current.etag } : { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
      });
    } catch (error) {
      if (!isLostRace(error)) throw error;
      // Another writer got in between our read and our write: report where the document is now.
      const winner = await this.current<T>(key).catch(() => undefined);
      throw new StateConflictError(key, expectedRevision, winner?.doc.revision ?? actual + 1);
    }
    return doc;
  }

  async append(log: string, record: unknown): Promise<void> {
    assertSafeKey(log);
    await this.logs.append(log, `${JSON.stringify(record)}\n`);
  }

  async readLog<T>(log: string): Promise<T[]> {
    assertSafeKey(log);
    const texts = await this.logs.readAll(log, async (blob) => (await download(blob))?.text);
    const records: T[] = [];
    for (const line of texts.join('').split('\n')) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line) as T);
      } catch {
        // Not written by append (which writes whole lines): treat the record as not recorded.
      }
    }
    return records;
  }

  /** The document and the ETag of the exact version read, or undefined when there is no blob. */
  private async current<T>(key: string): Promise<CurrentDocument<T> | undefined> {
    const downloaded = await download(this.documentBlob(key));
    if (downloaded === undefined) return undefined;
    const location = `${this.container.containerName}/${key}.json`;
    let doc: StateDocument<T>;
    try {
      doc = JSON.parse(downloaded.text) as StateDocument<T>;
    } catch {
      throw new StateCorruptError(location, 'is not valid JSON; restore it from a backup or remove it to start from a clean state');
    }
    if (typeof doc !== 'object' || doc === null || typeof doc.schemaVersion !== 'number' || typeof doc.revision !== 'number') {
      throw new StateCorruptError(location, 'lacks schemaVersion/revision; it was not written by aksdr');
    }
    if (doc.schemaVersion > STATE_SCHEMA_VERSION) {
      throw new StateCorruptError(location, `has schemaVersion ${doc.schemaVersion}, newer than this aksdr understands (${STATE_SCHEMA_VERSION}); upgrade aksdr`);
    }
    return { doc, etag: downloaded.etag };
  }

  private documentBlob(key: string): BlockBlobClient {
    return this.container.getBlockBlobClient(`${key}.json`);
  }

}

/** One GET: the body and the ETag of the same version, or undefined when the blob does not exist. */
async function download(blob: BlockBlobClient | AppendBlobClient): Promise<{ text: string; etag: string } | undefined> {
  let response;
  try {
    response = await blob.download(0);
  } catch (error) {
    if (restError(error)?.statusCode === 404) return undefined;
    throw error;
  }
  const chunks: Buffer[] = [];
  const body = response.readableStreamBody;
  if (body) {
    for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  if (response.etag === undefined) throw new Error(`${blob.name}: the service returned no ETag`);
  return { text: Buffer.concat(chunks).toString('utf8'), etag: response.etag };
}

/** The conditional upload lost to a concurrent writer: 412 (ETag changed) or 409 (created meanwhile). */
function isLostRace(error: unknown): boolean {
  const rest = restError(error);
  if (rest?.statusCode === 412) return rest.code === undefined || rest.code === 'ConditionNotMet';
  return rest?.statusCode === 409 && rest.code === 'BlobAlreadyExists';
}

/**
 * The service's status and error code, read structurally rather than with `instanceof RestError`,
 * which fails when two copies of @azure/core-rest-pipeline end up in node_modules.
 */
function restError(error: unknown): { statusCode?: number; code?: string } | undefined {
  if (typeof error !== 'object' || error === null || (error as { name?: unknown }).name !== 'RestError') return undefined;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return { statusCode: typeof statusCode === 'number' ? statusCode : undefined, code: typeof code === 'string' ? code : undefined };
}
