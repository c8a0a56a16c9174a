// Contract: Traffic Manager through the real TrafficManagerManagementClient — profiles and
// endpoints round-trip, the service's validation, and monitor statuses that follow the regions.
import type { TrafficManagerManagementClient } from '@azure/arm-trafficmanager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { armClients, restError } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
let tm: TrafficManagerManagementClient;
beforeAll(async () => {
  lab = await startArmLab();
  tm = armClients(lab, { maxRetries: 0 }).trafficManager;
});
afterAll(() => lab.close());
afterEach(() => lab.ctx.faults.heal());

const rg = 'rg-aksdr-global';

async function aPriorityProfile(name: string) {
  return tm.profiles.createOrUpdate(rg, name, {
    location: 'global',
    trafficRoutingMethod: 'Priority',
    dnsConfig: { relativeName: `${name}-dns`, ttl: 30 },
    monitorConfig: { protocol: 'HTTPS', port: 443, path: '/healthz' },
    endpoints: [
      { name: 'primary', type: 'Microsoft.Network/trafficManagerProfiles/externalEndpoints', target: 'weu.example', endpointLocation: 'West Europe' },
      { name: 'secondary', type: 'Microsoft.Network/trafficManagerProfiles/externalEndpoints', target: 'neu.example', endpointLocation: 'northeurope' },
    ],
  });
}

describe('Traffic Manager profiles', () => {
  it('returns the world profile with its weighted endpoints, service ids and a computed fqdn', async () => {
    const profile = await tm.profiles.get(rg, 'tm-aksdr');
    expect(profile).toMatchObject({ name: 'tm-aksdr', location: 'global', trafficRoutingMethod: 'Weighted', profileStatus: 'Enabled', dnsConfig: { fqdn: 'aksdr-shop.trafficmanager.net' } });
    expect(profile.id).toMatch(/\/providers\/Microsoft\.Network\/trafficManagerProfiles\/tm-aksdr$/);
    expect(profile.monitorConfig?.profileMonitorStatus).toBe('Online');
    expect(profile.endpoints?.map((e) => [e.name, e.weight, e.endpointMonitorStatus])).toEqual([
      ['ep-weu', 1000, 'Online'],
      ['ep-neu', 1, 'Online'],
    ]);
    expect(profile.endpoints?.[0]?.id).toMatch(/\/trafficManagerProfiles\/tm-aksdr\/externalEndpoints\/ep-weu$/);
  });

  it('lists profiles by resource group and by subscription', async () => {
    const byGroup = [];
    for await (const p of tm.profiles.listByResourceGroup(rg)) byGroup.push(p.name);
    expect(byGroup).toContain('tm-aksdr');
    const bySubscription = [];
    for await (const p of tm.profiles.listBySubscription()) bySubscription.push(p.name);
    expect(bySubscription).toContain('tm-aksdr');
  });

  it('creates a profile with default weights and priorities, patches it by merging, and deletes it', async () => {
    const created = await aPriorityProfile('tm-create');
    expect(created.endpoints?.map((e) => [e.name, e.priority, e.weight, e.endpointStatus])).toEqual([
      ['primary', 1, 1, 'Enabled'],
      ['secondary', 2, 1, 'Enabled'],
    ]);
    expect(created.dnsConfig?.fqdn).toBe('tm-create-dns.trafficmanager.net');

    const patched = await tm.profiles.update(rg, 'tm-create', { profileStatus: 'Disabled' });
    expect(patched).toMatchObject({ profileStatus: 'Disabled', trafficRoutingMethod: 'Priority', monitorConfig: { path: '/healthz', profileMonitorStatus: 'Disabled' } });
    expect(patched.endpoints?.map((e) => e.endpointMonitorStatus)).toEqual(['Inactive', 'Inactive']);

    await tm.profiles.delete(rg, 'tm-create');
    const gone = await restError(tm.profiles.get(rg, 'tm-create'));
    expect([gone.statusCode, gone.code]).toEqual([404, 'ResourceNotFound']);
    expect(gone.message).toBe(
      "The Resource 'Microsoft.Network/trafficManagerProfiles/tm-create' under resource group 'rg-aksdr-global' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    );
  });

  it('rejects a profile whose routing method or relative name is invalid', async () => {
    const method = await restError(tm.profiles.createOrUpdate(rg, 'tm-bad', { location: 'global', trafficRoutingMethod: 'Random', dnsConfig: { relativeName: 'x-bad' }, monitorConfig: { protocol: 'HTTP' } }));
    expect([method.statusCode, method.code]).toEqual([400, 'BadRequest']);
    expect(method.message).toContain('trafficRoutingMethod');
    const taken = await restError(tm.profiles.createOrUpdate(rg, 'tm-bad', { location: 'global', trafficRoutingMethod: 'Weighted', dnsConfig: { relativeName: 'aksdr-shop' }, monitorConfig: { protocol: 'HTTP' } }));
    expect([taken.statusCode, taken.code]).toEqual([409, 'Conflict']);
  });
});

describe('Traffic Manager endpoints', () => {
  it('patches only the fields sent and keeps the rest', async () => {
    const patched = await tm.endpoints.update(rg, 'tm-aksdr', 'ExternalEndpoints', 'ep-neu', { weight: 500 });
    expect(patched).toMatchObject({ name: 'ep-neu', weight: 500, priority: 2, target: 'neu.shop.aksdr.example', endpointStatus: 'Enabled', type: 'Microsoft.Network/trafficManagerProfiles/externalEndpoints' });
    const again = await tm.endpoints.get(rg, 'tm-aksdr', 'ExternalEndpoints', 'ep-neu');
    expect(again.weight).toBe(500);
    expect(lab.ctx.world.trafficManager.properties.endpoints).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ep-neu', properties: expect.objectContaining({ weight: 500 }) as unknown })]));
    await tm.endpoints.update(rg, 'tm-aksdr', 'ExternalEndpoints', 'ep-neu', { weight: 1 });
  });

  it('creates an endpoint with weight 1 and the next free priority, ignoring read-only fields, and deletes it', async () => {
    const created = await tm.endpoints.createOrUpdate(rg, 'tm-aksdr', 'ExternalEndpoints', 'ep-extra', { target: 'extra.example', endpointMonitorStatus: 'Stopped' });
    // A new endpoint is served while the monitor's first probe is still out (Azure's CheckingEndpoint).
    expect(created).toMatchObject({ name: 'ep-extra', weight: 1, priority: 3, endpointMonitorStatus: 'CheckingEndpoint' });
    lab.clock.advance(10_000);
    expect((await tm.endpoints.get(rg, 'tm-aksdr', 'ExternalEndpoints', 'ep-extra')).endpointMonitorStatus).toBe('Online');
    // Azure leaves alwaysServe unset unless the caller sets it (the 2022-04-01 examples).
    expect(created.alwaysServe).toBeUndefined();
    expect(created.id).toMatch(/\/externalEndpoints\/ep-extra$/);
    await tm.endpoints.delete(rg, 'tm-aksdr', 'ExternalEndpoints', 'ep-extra');
    const gone = await restError(tm.endpoints.get(rg, 'tm-aksdr', 'ExternalEndpoints', 'ep-extra'));
    expect([gone.statusCode, gone.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('does not find an endpoint under another endpoint type', async () => {
    const error = await restError(tm.endpoints.get(rg, 'tm-aksdr', 'AzureEndpoints', 'ep-weu'));
    expect([error.statusCode, error.code]).toEqual([404, 'ResourceNotFound']);
  });

  it.each([0, 1001, 2.5])('rejects weight %s with 400 BadRequest naming the weight', async (weight) => {
    const error = await restError(tm.endpoints.update(rg, 'tm-aksdr', 'ExternalEndpoints', 'ep-weu', { weight }));
    expect([error.statusCode, error.code]).toEqual([400, 'BadRequest']);
    expect(error.message).toMatch(/weight/);
    expect((await tm.endpoints.get(rg, 'tm-aksdr', 'ExternalEndpoints', 'ep-weu')).weight).toBe(1000);
  });

  it('rejects an out-of-range priority, a duplicate priority under Priority routing and an unknown status', async () => {
    await aPriorityProfile('tm-prio');
    const range = await restError(tm.endpoints.update(rg, 'tm-prio', 'ExternalEndpoints', 'primary', { priority: 1001 }));
    expect([range.statusCode, range.message]).toEqual([400, expect.stringMatching(/priority/) as unknown]);
    const duplicate = await restError(tm.endpoints.update(rg, 'tm-prio', 'ExternalEndpoints', 'secondary', { priority: 1 }));
    expect([duplicate.statusCode, duplicate.code]).toEqual([400, 'BadRequest']);
    expect(duplicate.message).toMatch(/priority 1.*primary/);
    const status = await restError(tm.endpoints.update(rg, 'tm-prio', 'ExternalEndpoints', 'primary', { endpointStatus: 'Paused' }));
    expect([status.statusCode, status.message]).toEqual([400, expect.stringMatching(/endpointStatus/) as unknown]);
    const noTarget = await restError(tm.endpoints.createOrUpdate(rg, 'tm-prio', 'ExternalEndpoints', 'third', {}));
    expect(noTarget.message).toMatch(/target/);
  });
});

describe('Traffic Manager monitor status', () => {
  // The world profile probes every 10 s with a 5 s timeout and tolerates 1 failure (fast probing).
  const statuses = async (profile = 'tm-aksdr') => (await tm.profiles.get(rg, profile)).endpoints?.map((e) => e.endpointMonitorStatus);

  it('marks the endpoint of a down region Degraded only after toleratedNumberOfFailures + 1 failed probes, the profile staying Online', async () => {
    lab.ctx.faults.inject('northeurope', 'region-down', { mode: 'reset' });
    expect(await statuses()).toEqual(['Online', 'Online']);
    lab.clock.advance(10_000); // first failed probe: tolerated
    expect(await statuses()).toEqual(['Online', 'Online']);
    lab.clock.advance(10_000); // second: Degraded
    const profile = await tm.profiles.get(rg, 'tm-aksdr');
    expect(profile.endpoints?.map((e) => e.endpointMonitorStatus)).toEqual(['Online', 'Degraded']);
    expect(profile.monitorConfig?.profileMonitorStatus).toBe('Online');
    lab.ctx.faults.heal();
    lab.clock.advance(10_000); // one successful probe brings it back
    expect(await statuses()).toEqual(['Online', 'Online']);
  });

  it('counts a blackholed probe as failed only when its timeout runs out', async () => {
    lab.ctx.faults.inject('northeurope', 'region-down');
    lab.clock.advance(20_000); // probes sent at +10 s (failed at +15 s) and +20 s (still out)
    expect(await statuses()).toEqual(['Online', 'Online']);
    lab.clock.advance(5_000);
    expect(await statuses()).toEqual(['Online', 'Degraded']);
    lab.ctx.faults.heal();
    lab.clock.advance(10_000);
  });

  it('degrades the profile when every enabled endpoint fails its probes, and recovers on heal', async () => {
    lab.ctx.faults.inject('northeurope', 'region-down', { mode: 'reset' });
    lab.ctx.faults.inject('westeurope', 'app-5xx');
    lab.clock.advance(20_000);
    const degraded = await tm.profiles.get(rg, 'tm-aksdr');
    expect(degraded.monitorConfig?.profileMonitorStatus).toBe('Degraded');
    expect(degraded.endpoints?.map((e) => e.endpointMonitorStatus)).toEqual(['Degraded', 'Degraded']);
    lab.ctx.faults.heal();
    expect((await tm.profiles.get(rg, 'tm-aksdr')).monitorConfig?.profileMonitorStatus).toBe('Degraded');
    lab.clock.advance(10_000);
    expect((await tm.profiles.get(rg, 'tm-aksdr')).monitorConfig?.profileMonitorStatus).toBe('Online');
  });

  it('checks a new profile’s endpoints first (CheckingEndpoint), maps them to regions by endpointLocation and reports Disabled endpoints as Disabled', async () => {
    await aPriorityProfile('tm-status');
    expect((await tm.profiles.get(rg, 'tm-status')).monitorConfig?.profileMonitorStatus).toBe('CheckingEndpoints');
    lab.ctx.faults.inject('westeurope', 'region-down', { mode: 'refused' });
    await tm.endpoints.update(rg, 'tm-status', 'ExternalEndpoints', 'secondary', { endpointStatus: 'Disabled' });
    expect(await statuses('tm-status')).toEqual(['CheckingEndpoint', 'Disabled']);
    // Azure's default monitorConfig: every 30 s, 3 failures tolerated: Degraded at the 4th failed probe.
    lab.clock.advance(90_000);
    expect(await statuses('tm-status')).toEqual(['CheckingEndpoint', 'Disabled']);
    lab.clock.advance(30_000);
    const profile = await tm.profiles.get(rg, 'tm-status');
    expect(profile.endpoints?.map((e) => [e.name, e.endpointMonitorStatus])).toEqual([
      ['primary', 'Degraded'],
      ['secondary', 'Disabled'],
    ]);
    expect(profile.monitorConfig?.profileMonitorStatus).toBe('Degraded');
    // Enabled again, it is checked again before it counts.
    await tm.endpoints.update(rg, 'tm-status', 'ExternalEndpoints', 'secondary', { endpointStatus: 'Enabled' });
    expect(await statuses('tm-status')).toEqual(['Degraded', 'CheckingEndpoint']);
    lab.clock.advance(30_000);
    expect(await statuses('tm-status')).toEqual(['Degraded', 'Online']);
  });
});

describe('a compressed Traffic Manager monitor', () => {
  it('probes timing.monitorTimeScale times faster than its monitorConfig says', async () => {
    const fast = await startArmLab({ monitorTimeScale: 10 });
    try {
      const client = armClients(fast, { maxRetries: 0 }).trafficManager;
      const statuses = async () => (await client.profiles.get(rg, 'tm-aksdr')).endpoints?.map((e) => e.endpointMonitorStatus);
      fast.ctx.faults.inject('northeurope', 'region-down', { mode: 'reset' });
      fast.clock.advance(1_000);
      expect(await statuses()).toEqual(['Online', 'Online']);
      fast.clock.advance(1_000);
      expect(await statuses()).toEqual(['Online', 'Degraded']);
      fast.ctx.faults.heal();
      fast.clock.advance(1_000);
      expect(await statuses()).toEqual(['Online', 'Online']);
    } finally {
      await fast.close();
    }
  });
});
