// AcrPort over @azure/arm-containerregistry 12.x (TypeSpec "modular" client).
import { ContainerRegistryManagementClient, type Registry, type Replication as SdkReplication } from '@azure/arm-containerregistry';
import type { AcrPort, RegistryInfo, Replication } from '../core/ports/acr-port.js';
import type { CallOptions } from '../core/ports/call-options.js';
import { ResourceTypes } from '../policy/resource-id.js';
import { commonClientOptions, instrumentArmPipeline, type ArmConnection } from './arm-connection.js';
import { answerFields } from './answer-fields.js';
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

function toRegistry(answer: Registry, requestedId: string): RegistryInfo {
  const read = answerFields('getRegistry', 'arm');
  const registry = read.object(answer, 'the registry');
  const sku = read.optionalObject(registry.sku, 'sku');
  const loginServer = read.text(registry.loginServer, 'loginServer');
  return {
    id: read.text(registry.id, 'id') ?? requestedId,
    name: read.text(registry.name, 'name') ?? '',
    location: read.text(registry.location, 'location') ?? '',
    ...(loginServer ? { loginServer } : {}),
    sku: read.text(sku?.name, 'sku.name') ?? 'Unknown',
    provisioningState: read.text(registry.provisioningState, 'provisioningState') ?? 'Unknown',
  };
}

function toReplication(answer: SdkReplication): Replication {
  const read = answerFields('listReplications', 'arm');
  const replication = read.object(answer, 'a replication');
  const status = read.optionalObject(replication.status, 'status');
  const region = read.text(replication.location, 'location') ?? '';
  const message = read.text(status?.message, 'status.message');
  return {
    name: read.text(replication.name, 'name') ?? region,
    region,
    provisioningState: read.text(replication.provisioningState, 'provisioningState') ?? 'Unknown',
    displayStatus: read.text(status?.displayStatus, 'status.displayStatus') ?? 'Unknown',
    ...(message ? { message } : {}),
    // The service omits the flag on older replications; absent means enabled.
    regionEndpointEnabled: read.boolean(replication.regionEndpointEnabled, 'regionEndpointEnabled') ?? true,
  };
}
