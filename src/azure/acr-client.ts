// AcrPort over @azure/arm-containerregistry 12.x (TypeSpec "modular" client).
import { ContainerRegistryManagementClient, type Registry, type Replication as SdkReplication } from '@azure/arm-containerregistry';
import type { AcrPort, RegistryInfo, Replication } from '../core/ports/acr-port.js';
import type { CallOptions } from '../core/ports/call-options.js';
import { ResourceTypes } from '../policy/resource-id.js';
import { commonClientOptions, instrumentArmPipeline, type ArmConnection } from './arm-connection.js';
import { callArm } from './arm-errors.js';
import { PerSubscription, requireResourceId } from './resource-ids.js';

const defaultTimeoutInMs = 30_000;

export class AcrClient implements AcrPort {
  private readonly clients: PerSubscription<ContainerRegistryManagementClient>;

  constructor(private readonly connection: ArmConnection) {
    this.clients = new PerSubscription((subscriptionId) => {
      const client = new ContainerRegistryManagementClient(connection.credential, subscriptionId, {
        ...commonClientOptions(connection),
        credentials: { scopes: [connection.environment.armAudience] },
      });
      instrumentArmPipeline(client.pipeline, connection);
      return client;
    });
  }

  async getRegistry(registryId: string, options?: CallOptions): Promise<RegistryInfo> {
    const id = requireResourceId(registryId, ResourceTypes.containerRegistry, 'getRegistry');
    return callArm('getRegistry', options, this.connection.defaultTimeoutInMs ?? defaultTimeoutInMs, async (signal) => {
      const registry = await this.clients.get(id.subscriptionId).registries.get(id.resourceGroup, id.name, { abortSignal: signal });
      return toRegistry(registry, registryId);
    });
  }

  async listReplications(registryId: string, options?: CallOptions): Promise<Replication[]> {
    const id = requireResourceId(registryId, ResourceTypes.containerRegistry, 'listReplications');
    return callArm('listReplications', options, this.connection.defaultTimeoutInMs ?? defaultTimeoutInMs, async (signal) => {
      const replications: Replication[] = [];
      for await (const replication of this.clients.get(id.subscriptionId).replications.list(id.resourceGroup, id.name, { abortSignal: signal })) {
        replications.push(toReplication(replication));
      }
      return replications;
    });
  }
}

function toRegistry(registry: Registry, requestedId: string): RegistryInfo {
  return {
    id: registry.id ?? requestedId,
    name: registry.name ?? '',
    location: registry.location,
    ...(registry.loginServer ? { loginServer: registry.loginServer } : {}),
    sku: registry.sku.name,
    provisioningState: registry.provisioningState ?? 'Unknown',
  };
}

function toReplication(replication: SdkReplication): Replication {
  return {
    name: replication.name ?? replication.location,
    region: replication.location,
    provisioningState: replication.provisioningState ?? 'Unknown',
    displayStatus: replication.status?.displayStatus ?? 'Unknown',
    ...(replication.status?.message ? { message: replication.status.message } : {}),
    // The service omits the flag on older replications; absent means enabled.
    regionEndpointEnabled: replication.regionEndpointEnabled ?? true,
  };
}
