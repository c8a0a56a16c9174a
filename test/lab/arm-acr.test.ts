// Contract: ACR through the real ContainerRegistryManagementClient — the registry with its sku,
// its replications, and a degraded replica that shows in its status until healed.
import type { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { armClients, restError } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
let acr: ContainerRegistryManagementClient;
beforeAll(async () => {
  lab = await startArmLab();
  acr = armClients(lab, { maxRetries: 0 }).acr;
});
afterAll(() => lab.close());
afterEach(() => lab.ctx.faults.heal());

const rg = 'rg-aksdr-weu';

async function replicationStatuses(): Promise<[string | undefined, string | undefined][]> {
  const out: [string | undefined, string | undefined][] = [];
  for await (const r of acr.replications.list(rg, 'acraksdr')) out.push([r.name, r.status?.displayStatus]);
  return out;
}

describe('ACR registry', () => {
  it('returns the Premium registry with its login server', async () => {
    const registry = await acr.registries.get(rg, 'acraksdr');
    expect(registry).toMatchObject({ name: 'acraksdr', location: 'westeurope', sku: { name: 'Premium', tier: 'Premium' }, loginServer: 'acraksdr.azurecr.io', provisioningState: 'Succeeded' });
  });

  it('answers an unknown registry with 404 ResourceNotFound', async () => {
    const error = await restError(acr.registries.get(rg, 'acrnope'));
    expect([error.statusCode, error.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('lists one Ready replication per region and gets each', async () => {
    expect(await replicationStatuses()).toEqual([
      ['westeurope', 'Ready'],
      ['northeurope', 'Ready'],
    ]);
    const neu = await acr.replications.get(rg, 'acraksdr', 'northeurope');
    expect(neu).toMatchObject({ location: 'northeurope', provisioningState: 'Succeeded', regionEndpointEnabled: true, status: { displayStatus: 'Ready' } });
    expect(neu.status?.timestamp).toBeInstanceOf(Date);
  });

  it('shows a degraded replica as Syncing with a message until the region heals', async () => {
    lab.ctx.faults.inject('northeurope', 'acr-replica-degraded');
    lab.clock.advance(60_000);
    const degraded = await acr.replications.get(rg, 'acraksdr', 'northeurope');
    expect(degraded).toMatchObject({ provisioningState: 'Succeeded', status: { displayStatus: 'Syncing', message: expect.stringMatching(/degraded/) as unknown } });
    expect(await replicationStatuses()).toEqual([
      ['westeurope', 'Ready'],
      ['northeurope', 'Syncing'],
    ]);
    lab.ctx.faults.heal('northeurope');
    expect((await acr.replications.get(rg, 'acraksdr', 'northeurope')).status?.displayStatus).toBe('Ready');
  });

  it('shows the replica of a down region as Unavailable while the registry stays reachable', async () => {
    lab.ctx.faults.inject('westeurope', 'region-down');
    await expect(acr.registries.get(rg, 'acraksdr')).resolves.toMatchObject({ name: 'acraksdr' });
    expect(await replicationStatuses()).toEqual([
      ['westeurope', 'Unavailable'],
      ['northeurope', 'Ready'],
    ]);
  });
});
