// Per-policy leases on Azure Blob Storage: an empty block blob `<name>.lease` per policy, leased for
// 15 s (the shortest finite blob lease) and renewed by its holder. The service evaluates lease
// conditions atomically, so at most one replica holds a policy's lease at any instant; a replica
// that dies simply stops renewing and the lease expires on the service's clock.
//
// The lease id is derived from (replica, policy): a replica restarted under the same name gets its
// own lease back at once instead of waiting out the expiry, and two replicas never share an id.
import { createHash } from 'node:crypto';
import type { BlobLeaseClient, ContainerClient } from '@azure/storage-blob';
import { assertSafeKey } from './state-store.js';
import type { Lease, LeaseProvider } from './lease.js';

export const blobLeaseDurationInSeconds = 15;

function leaseIdOf(name: string, holder: string): string {
  const hex = createHash('sha256').update(`${holder}\u0000${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function statusOf(error: unknown): { statusCode?: number; code?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return { ...(typeof statusCode === 'number' ? { statusCode } : {}), ...(typeof code === 'string' ? { code } : {}) };
}

export class BlobLeaseProvider implements LeaseProvider {
  readonly durationInMs = blobLeaseDurationInSeconds * 1000;

  constructor(private readonly container: ContainerClient) {}

  lease(name: string, holder: string): Lease {
    assertSafeKey(name);
    const blob = this.container.getBlockBlobClient(`${name}.lease`);
    const client: BlobLeaseClient = blob.getBlobLeaseClient(leaseIdOf(name, holder));
    let created = false;
    return {
      hold: async (options = {}) => {
        if (!created) {
          await blob.upload('', 0, { conditions: { ifNoneMatch: '*' }, ...options }).catch((error: unknown) => {
            // 409/412: it exists already (another replica made it); 412 also when it is leased.
            const { statusCode } = statusOf(error);
            if (statusCode !== 409 && statusCode !== 412) throw error;
          });
          created = true;
        }
        try {
          // Acquire with our own id also renews a lease we hold (the service allows it), so one call
          // serves both cases; a renew alone would fail after an expiry that nobody else used.
          await client.acquireLease(blobLeaseDurationInSeconds, options);
          return true;
        } catch (error) {
          const { statusCode } = statusOf(error);
          if (statusCode === 409) return false; // LeaseAlreadyPresent: someone else holds it
          if (statusCode === 404) created = false; // the blob was removed: make it again next time
          throw error;
        }
      },
      release: async () => {
        await client.releaseLease().catch(() => undefined);
      },
    };
  }
}
