// Where the service keeps state and how its replicas coordinate, chosen like `openStateStore`: with
// Azure Blob Storage (AKSDR_STATE_CONTAINER_URL or AKSDR_STATE_CONNECTION_STRING), per-policy blob
// leases — many replicas, one actor per policy; with a local folder, a lock on the folder — one
// replica, which holds every policy.
import { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import { credentialFor } from '../app/dependencies.js';
import { defaultStateContainer } from '../app/state-store.js';
import { resolveAzureEnvironment } from '../config/azure-environment.js';
import { BlobLeaseProvider } from '../state/blob-lease.js';
import { BlobStateStore } from '../state/blob-state-store.js';
import { FileStateStore } from '../state/file-state-store.js';
import { lockStateDir } from '../state/file-lock.js';
import { soleLeaseProvider, type LeaseProvider } from '../state/lease.js';
import type { StateStore } from '../state/state-store.js';

export interface Coordination {
  store: StateStore;
  leases: LeaseProvider;
  describe: string;
  /** `blob`: replicas share policies; `file`: this replica alone. */
  kind: 'blob' | 'file';
  close(): Promise<void>;
}

export async function openCoordination(env: Readonly<Record<string, string | undefined>>, stateDir: string): Promise<Coordination> {
  const containerUrl = env.AKSDR_STATE_CONTAINER_URL?.trim();
  const connectionString = env.AKSDR_STATE_CONNECTION_STRING?.trim();
  let container: ContainerClient | undefined;
  if (containerUrl) container = new ContainerClient(containerUrl, credentialFor(resolveAzureEnvironment(env), env));
  else if (connectionString) {
    container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(env.AKSDR_STATE_CONTAINER?.trim() || defaultStateContainer);
    await container.createIfNotExists();
  }
  if (container) {
    return { store: new BlobStateStore(container), leases: new BlobLeaseProvider(container), describe: `blob container ${container.containerName} (${container.accountName})`, kind: 'blob', close: () => Promise.resolve() };
  }
  const lock = await lockStateDir(stateDir);
  return { store: new FileStateStore(stateDir), leases: soleLeaseProvider, describe: stateDir, kind: 'file', close: () => lock.release() };
}
