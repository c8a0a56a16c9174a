// What every AcrPort must do, run against the fake and against the real SDK client on the lab.
import { expect, it } from 'vitest';
import type { AcrPort } from '../../../src/core/ports/acr-port.js';

export interface AcrHarness {
  port: AcrPort;
  registryId: string;
  missingRegistryId: string;
  regions: string[];
  degradeReplica: (region: string) => void | Promise<void>;
  heal: () => void | Promise<void>;
}

export function acrContract(harness: () => AcrHarness): void {
  it('reads a Premium registry', async () => {
    const { port, registryId } = harness();
    const registry = await port.getRegistry(registryId);
    expect(registry.id.toLowerCase()).toBe(registryId.toLowerCase());
    expect(registry).toMatchObject({ sku: 'Premium', provisioningState: 'Succeeded' });
  });

  it('lists a ready replication in every region', async () => {
    const { port, registryId, regions } = harness();
    const replications = await port.listReplications(registryId);
    expect(replications.map((r) => r.region).sort()).toEqual([...regions].sort());
    for (const r of replications) expect(r).toMatchObject({ provisioningState: 'Succeeded', displayStatus: 'Ready', regionEndpointEnabled: true });
  });

  it('shows a degraded replica as not Ready, with a message, while the others stay Ready', async () => {
    const { port, registryId, regions, degradeReplica, heal } = harness();
    const [healthy, degraded] = regions as [string, string];
    await degradeReplica(degraded);
    try {
      const replications = await port.listReplications(registryId);
      const bad = replications.find((r) => r.region === degraded);
      expect(bad?.displayStatus).not.toBe('Ready');
      expect(bad?.message).toBeTruthy();
      expect(replications.find((r) => r.region === healthy)?.displayStatus).toBe('Ready');
    } finally {
      await heal();
    }
    expect((await port.listReplications(registryId)).every((r) => r.displayStatus === 'Ready')).toBe(true);
  });

  it('reports an unknown registry as NotFound', async () => {
    const { port, missingRegistryId } = harness();
    await expect(port.getRegistry(missingRegistryId)).rejects.toMatchObject({ code: 'NotFound' });
    await expect(port.listReplications(missingRegistryId)).rejects.toMatchObject({ code: 'NotFound' });
  });
}
