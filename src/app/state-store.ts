// Where the engine keeps its state, chosen by configuration: Azure Blob Storage for a controller
// that must survive its machine (a container URL, signed in with aksdr's own Azure identity — role
// "Storage Blob Data Contributor" on that container — or a connection string, e.g. Azurite), else
// a local folder (the embedded default).
import { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import { resolveAzureEnvironment } from '../config/azure-environment.js';
import { BlobStateStore } from '../state/blob-state-store.js';
import { FileStateStore } from '../state/file-state-store.js';
import type { StateStore } from '../state/state-store.js';
import { credentialFor } from './dependencies.js';

export interface StateStoreChoice {
  store: StateStore;
  /** Where it is, for people (never the connection string: it holds the account key). */
  describe: string;
}

export const defaultStateContainer = 'aksdr-state';

export async function openStateStore(env: Readonly<Record<string, string | undefined>>, stateDir: string): Promise<StateStoreChoice> {
  const containerUrl = env.AKSDR_STATE_CONTAINER_URL?.trim();
  const connectionString = env.AKSDR_STATE_CONNECTION_STRING?.trim();
  if (containerUrl) {
    const credential = credentialFor(resolveAzureEnvironment(env), env);
    return { store: new BlobStateStore(new ContainerClient(containerUrl, credential)), describe: containerUrl };
  }
  if (connectionString) {
    const name = env.AKSDR_STATE_CONTAINER?.trim() || defaultStateContainer;
    const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(name);
    await container.createIfNotExists();
    return { store: new BlobStateStore(container), describe: `blob container ${name} (${container.accountName})` };
  }
  return { store: new FileStateStore(stateDir), describe: stateDir };
}
