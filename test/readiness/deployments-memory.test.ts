import { describe, expect, it } from 'vitest';
import { DeploymentsMemory, rememberingDeployments } from '../../src/readiness/deployments-memory.js';
import { persistDeploymentsMemory } from '../../src/readiness/deployments-memory-store.js';
import { ReadinessCheckerImpl } from '../../src/readiness/index.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { aFakeWorld, aPolicy, clusterIds, type FakeWorld } from '../probes/fixtures/fake-ports.js';

function checkerWithMemory(world: FakeWorld, memory: DeploymentsMemory): ReadinessCheckerImpl {
  return new ReadinessCheckerImpl({
    acr: world.acr,
    aks: world.aks,
    trafficManager: world.trafficManager,
    clusters: rememberingDeployments(world.clusters, memory, world.clock),
    registryImages: world.registryImages,
    memory,
    clock: world.clock,
  });
}

describe('readiness when the primary can no longer be read', () => {
  it('compares versions and images against what the primary last ran, and says how old that view is', async () => {
    const world = aFakeWorld();
    const memory = new DeploymentsMemory();
    const checker = checkerWithMemory(world, memory);
    await checker.check(aPolicy(), 'northeurope'); // both regions readable: the primary's view is remembered
    world.clock.advance(90_000);
    world.kube.westeurope.mode = 'down';

    const report = await checker.check(aPolicy(), 'northeurope');
    const drift = report.results.find((r) => r.check === 'versionDrift');
    const images = report.results.find((r) => r.check === 'acrImages');
    expect(drift?.status).toBe('pass');
    expect(drift?.reason).toMatch(/^2 deployments run the same images as in westeurope \(as last seen 90 s ago: westeurope cannot be read now — /);
    expect(drift?.evidence).toMatchObject({ sourceUnreachable: true });
    expect(images?.status).toBe('pass');
  });

  it('still finds drift against the remembered view', async () => {
    const world = aFakeWorld();
    const memory = new DeploymentsMemory();
    const checker = checkerWithMemory(world, memory);
    await checker.check(aPolicy(), 'northeurope');
    world.kube.westeurope.mode = 'down';
    const frontend = world.kube.northeurope.deployments.find((d) => d.name === 'frontend');
    if (frontend) frontend.images = ['acrshop.azurecr.io/shop/frontend:1.3.0'];
    const drift = (await checker.check(aPolicy(), 'northeurope')).results.find((r) => r.check === 'versionDrift');
    expect(drift?.status).toBe('fail');
    expect(drift?.reason).toContain('frontend runs acrshop.azurecr.io/shop/frontend:1.3.0');
  });

  it('does not wait on a source that just failed its probes: the remembered view answers without a request to it', async () => {
    const world = aFakeWorld();
    const memory = new DeploymentsMemory();
    const checker = checkerWithMemory(world, memory);
    await checker.check(aPolicy(), 'northeurope');
    // A blackholed primary: every call would hang for the whole timeout.
    world.kube.westeurope.mode = 'slow';
    world.kube.westeurope.slowLatencyInMs = 60_000;
    const before = world.kube.westeurope.calls.length;
    const report = await checker.check(aPolicy(), 'northeurope', { source: 'westeurope', sourceUnreachable: true });
    expect(world.kube.westeurope.calls.length).toBe(before);
    const drift = report.results.find((r) => r.check === 'versionDrift');
    expect(drift?.status).toBe('pass');
    expect(drift?.reason).toMatch(/as last seen 0 s ago: westeurope cannot be read now — westeurope failed its probes this cycle; not read again/);
    // Without a remembered view it still asks (and says unknown once that read runs into its timeout).
    const blind = await checkerWithMemory(world, new DeploymentsMemory()).check(aPolicy(), 'northeurope', { source: 'westeurope', sourceUnreachable: true, timeoutInMs: 200 });
    expect(world.kube.westeurope.calls.length).toBeGreaterThan(before);
    expect(blind.results.find((r) => r.check === 'versionDrift')?.status).toBe('unknown');
  });

  it('cannot tell without any earlier view: unknown, which blocks until a person forces it', async () => {
    const world = aFakeWorld();
    world.kube.westeurope.mode = 'down';
    const report = await checkerWithMemory(world, new DeploymentsMemory()).check(aPolicy(), 'northeurope');
    expect(report.results.find((r) => r.check === 'versionDrift')?.status).toBe('unknown');
    expect(report.results.find((r) => r.check === 'acrImages')?.status).toBe('unknown');
  });
});

describe('the deployments memory', () => {
  it('is fed by every deployments read, named reads updating only their names', async () => {
    const world = aFakeWorld();
    const memory = new DeploymentsMemory();
    const ports = rememberingDeployments(world.clusters, memory, world.clock);
    await ports.kubernetes(clusterIds.westeurope).getDeployments('shop', ['frontend']);
    expect(memory.recall(clusterIds.westeurope, ['shop'])?.deployments.map((d) => d.name)).toEqual(['frontend']);
    await ports.kubernetes(clusterIds.westeurope).getDeployments('shop', ['cart']);
    expect(memory.recall(clusterIds.westeurope, ['shop'])?.deployments.map((d) => d.name).sort()).toEqual(['cart', 'frontend']);
    expect(memory.recall(clusterIds.westeurope, ['shop', 'other'])).toBeUndefined();
  });

  it('survives a restart through the state store', async () => {
    const world = aFakeWorld();
    const store = new MemoryStateStore();
    const before = new DeploymentsMemory();
    const persistence = await persistDeploymentsMemory(before, store, world.clock);
    await rememberingDeployments(world.clusters, before, world.clock).kubernetes(clusterIds.westeurope).listDeployments(['shop']);
    await persistence.flush();

    const after = new DeploymentsMemory();
    await persistDeploymentsMemory(after, store, world.clock);
    expect(after.recall(clusterIds.westeurope, ['shop'])).toEqual(before.recall(clusterIds.westeurope, ['shop']));
    expect(after.recall(clusterIds.westeurope, ['shop'])?.deployments).toHaveLength(2);
  });
});

describe('saving the deployments memory', () => {
  it('saves new knowledge at once, and a view that only got younger at most every saveEveryMs', async () => {
    const world = aFakeWorld();
    const store = new MemoryStateStore();
    const memory = new DeploymentsMemory();
    await persistDeploymentsMemory(memory, store, world.clock, { saveEveryMs: 30_000 });
    const ports = rememberingDeployments(world.clusters, memory, world.clock);
    const saved = async (): Promise<number> => (await store.load('deployments-memory'))?.revision ?? 0;
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

    await ports.kubernetes(clusterIds.northeurope).getDeployments('shop', ['frontend']);
    await settle();
    expect(await saved()).toBe(1);
    world.clock.advance(1_000);
    await ports.kubernetes(clusterIds.westeurope).getDeployments('shop', ['frontend', 'cart']); // new: saved at once
    await settle();
    expect(await saved()).toBe(2);
    world.clock.advance(1_000);
    await ports.kubernetes(clusterIds.westeurope).getDeployments('shop', ['frontend', 'cart']); // same content: not yet
    await settle();
    expect(await saved()).toBe(2);
    world.clock.advance(30_000);
    await ports.kubernetes(clusterIds.westeurope).getDeployments('shop', ['frontend', 'cart']);
    await settle();
    expect(await saved()).toBe(3);
  });
});
