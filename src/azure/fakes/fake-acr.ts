// In-memory AcrPort: registries and their geo-replications, with a switch to degrade one replica.
import type { AcrPort, RegistryInfo, Replication } from '../../core/ports/acr-port.js';
import type { CallOptions } from '../../core/ports/call-options.js';
import { FakeFaults, fakeCall, notFound } from '../../core/ports/testing/fake-faults.js';

export interface FakeRegistrySeed {
  registry: RegistryInfo;
  replications: Replication[];
}

export class FakeAcr implements AcrPort {
  readonly faults = new FakeFaults();
  readonly calls: string[] = [];
  latencyInMs = 0;
  private readonly registries = new Map<string, FakeRegistrySeed>();
  private readonly healthy = new Map<string, Replication[]>();

  constructor(registries: FakeRegistrySeed[] = []) {
    for (const seed of registries) {
      this.registries.set(seed.registry.id.toLowerCase(), structuredClone(seed));
      this.healthy.set(seed.registry.id.toLowerCase(), structuredClone(seed.replications));
    }
  }

  getRegistry(registryId: string, options?: CallOptions): Promise<RegistryInfo> {
    this.calls.push(`getRegistry ${registryId}`);
    return fakeCall(this.settings('getRegistry'), options, () => structuredClone(this.seedOf(registryId, 'getRegistry').registry));
  }

  listReplications(registryId: string, options?: CallOptions): Promise<Replication[]> {
    this.calls.push(`listReplications ${registryId}`);
    return fakeCall(this.settings('listReplications'), options, () => structuredClone(this.seedOf(registryId, 'listReplications').replications));
  }

  /** Test helper: the replica in `region` stops syncing (what the service reports when a region's storage fails). */
  degradeReplica(registryId: string, region: string): void {
    const replica = this.seedOf(registryId, 'degradeReplica').replications.find((r) => r.region === region);
    if (!replica) return;
    replica.provisioningState = 'Succeeded';
    replica.displayStatus = 'Syncing';
    replica.message = 'The replication is degraded and behind the home registry; recently pushed content may be missing.';
  }

  heal(registryId: string): void {
    const seed = this.seedOf(registryId, 'heal');
    seed.replications = structuredClone(this.healthy.get(registryId.toLowerCase()) ?? []);
  }

  private seedOf(registryId: string, operation: string): FakeRegistrySeed {
    const seed = this.registries.get(registryId.toLowerCase());
    if (!seed) throw notFound('arm', operation, `registry ${registryId}`);
    return seed;
  }

  private settings(operation: string): Parameters<typeof fakeCall>[0] {
    return { target: 'arm', operation, faults: this.faults, latencyInMs: this.latencyInMs };
  }
}
