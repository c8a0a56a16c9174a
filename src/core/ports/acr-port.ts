// Azure Container Registry: is the registry geo-replicated into the region we want to fail over to?
import type { CallOptions } from './call-options.js';

export interface RegistryInfo {
  id: string;
  name: string;
  location: string;
  loginServer?: string;
  sku: string;
  provisioningState: string;
}

export interface Replication {
  name: string;
  region: string;
  provisioningState: string;
  /** Free text from the service; `Ready` when healthy. */
  displayStatus: string;
  message?: string;
  regionEndpointEnabled: boolean;
}

export interface AcrPort {
  getRegistry(registryId: string, options?: CallOptions): Promise<RegistryInfo>;
  listReplications(registryId: string, options?: CallOptions): Promise<Replication[]>;
}
