// Append-blob logs that rotate before the service's limit of 50,000 blocks per append blob: a log
// is a chain of segments `<log>.jsonl`, `<log>.part-1.jsonl`, `<log>.part-2.jsonl` …, each closed
// once it holds `blocksPerSegment` records (default 49,000: headroom for replicas that append to a
// segment another has just closed). Readers read the chain in order, so the journal and the audit
// trail see one log; a writer that finds its segment full (409 BlockCountExceedsLimit) moves on.
import type { AppendBlobClient, ContainerClient } from '@azure/storage-blob';

export const defaultBlocksPerSegment = 49_000;

function restStatus(error: unknown): { statusCode?: number; code?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return { ...(typeof statusCode === 'number' ? { statusCode } : {}), ...(typeof code === 'string' ? { code } : {}) };
}

export class BlobLogSegments {
  /** The segment this store appends to, per log (learnt on first use, advanced when full). */
  private readonly current = new Map<string, number>();

  constructor(
    private readonly container: ContainerClient,
    private readonly blocksPerSegment = defaultBlocksPerSegment,
  ) {}

  segment(log: string, index: number): AppendBlobClient {
    return this.container.getAppendBlobClient(index === 0 ? `${log}.jsonl` : `${log}.part-${index}.jsonl`);
  }

  async append(log: string, line: string): Promise<void> {
    let index = this.current.get(log) ?? (await this.discover(log));
    for (let attempt = 0; attempt < 3; attempt++) {
      const blob = this.segment(log, index);
      await blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: 'application/x-ndjson; charset=utf-8' } });
      try {
        const response = await blob.appendBlock(line, Buffer.byteLength(line));
        const count = response.blobCommittedBlockCount ?? 0;
        this.current.set(log, count >= this.blocksPerSegment ? index + 1 : index);
        return;
      } catch (error) {
        const { statusCode, code } = restStatus(error);
        if (statusCode !== 409 || code !== 'BlockCountExceedsLimit') throw error;
        index += 1;
      }
    }
    throw new Error(`${log}: could not find a segment with room`);
  }

  /** Every segment's text, oldest first (segments are created in order, so the chain ends at the first missing one). */
  async readAll(log: string, download: (blob: AppendBlobClient) => Promise<string | undefined>): Promise<string[]> {
    const texts: string[] = [];
    for (let index = 0; ; index++) {
      const text = await download(this.segment(log, index));
      if (text === undefined) break;
      texts.push(text);
    }
    return texts;
  }

  private async discover(log: string): Promise<number> {
    let index = 0;
    while (await this.segment(log, index + 1).exists()) index++;
    const properties = await this.segment(log, index).getProperties().catch(() => undefined);
    return (properties?.blobCommittedBlockCount ?? 0) >= this.blocksPerSegment ? index + 1 : index;
  }
}
