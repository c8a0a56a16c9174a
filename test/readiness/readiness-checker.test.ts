import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../src/core/ports/adapter-error.js';
import { blockingResults, type ReadinessResult } from '../../src/core/readiness.js';
import { ReadinessCheckerImpl, UnknownRegionError } from '../../src/readiness/index.js';
import { aFakeWorld, aPolicy, profileId, registryId, type FakeWorld } from '../probes/fixtures/fake-ports.js';
import { schedule } from '../adapters/fixtures/fake-world.js';

function checkerOf(world: FakeWorld, withImages = true): ReadinessCheckerImpl {
  return new ReadinessCheckerImpl({
    acr: world.acr,
    aks: world.aks,
    trafficManager: world.trafficManager,
    clusters: world.clusters,
    ...(withImages ? { registryImages: world.registryImages } : {}),
    clock: world.clock,
  });
}

function byCheck(results: ReadinessResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.check, `${r.status}: ${r.reason}`]));
}

describe('readiness of a failover target', () => {
  it('passes every check of a ready standby', async () => {
    const world = aFakeWorld();
    const report = await checkerOf(world).check(aPolicy(), 'northeurope');
    expect(report.target).toBe('northeurope');
    expect(byCheck(report.results)).toEqual({
      acrReplication: 'pass: replica of acrshop in northeurope is Ready',
      acrImages: 'pass: 2 images present in acrshop.azurecr.io',
      backupFreshness: expect.stringMatching(/^pass: newest backup shop-hourly-\d+ is 60 min old \(limit 120 min\)$/) as string,
      backupLocation: 'pass: backup storage location default is Available',
      versionDrift: 'pass: 2 deployments run the same images as in westeurope',
      capacity: 'pass: node pool user has 1 node (need 1)',
      trafficManagerProfile: 'pass: profile tm-shop routes Weighted to 2 endpoints',
    });
  });

  it('leaves out the checks the policy does not ask for', async () => {
    const world = aFakeWorld();
    const report = await checkerOf(world).check(aPolicy({ readiness: {} }), 'northeurope');
    expect(report.results.map((r) => r.check)).toEqual(['trafficManagerProfile']);
  });

  it('fails a degraded replica with the service message as evidence', async () => {
    const world = aFakeWorld();
    world.acr.degradeReplica(registryId, 'northeurope');
    const result = (await checkerOf(world).check(aPolicy(), 'northeurope')).results.find((r) => r.check === 'acrReplication');
    expect(result).toMatchObject({ status: 'fail', reason: expect.stringContaining('status Syncing') as string, evidence: { displayStatus: 'Syncing' } });
  });

  it('says unknown, not pass, when image presence cannot be asked, and fails images from elsewhere', async () => {
    const world = aFakeWorld();
    expect(byCheck((await checkerOf(world, false).check(aPolicy(), 'northeurope')).results).acrImages).toBe(
      "unknown: 2 images reference acrshop.azurecr.io, but aksdr has no access to the registry's content to confirm they exist",
    );
    const listed = aPolicy({ readiness: { acr: { registry: registryId, images: ['docker.io/library/redis:7', 'acrshop.azurecr.io/shop/gone:9'] } } });
    expect(byCheck((await checkerOf(world).check(listed, 'northeurope')).results).acrImages).toBe(
      'fail: 1 image not from acrshop.azurecr.io, so geo-replication does not protect it: docker.io/library/redis:7',
    );
    const missing = aPolicy({ readiness: { acr: { registry: registryId, images: ['acrshop.azurecr.io/shop/gone:9'] } } });
    expect(byCheck((await checkerOf(world).check(missing, 'northeurope')).results).acrImages).toBe('fail: missing from acrshop.azurecr.io: acrshop.azurecr.io/shop/gone:9');
  });

  it('fails a backup older than maxAgeMinutes, read through the target cluster', async () => {
    const world = aFakeWorld();
    world.clock.advance(90 * 60_000);
    const result = (await checkerOf(world).check(aPolicy(), 'northeurope')).results.find((r) => r.check === 'backupFreshness');
    expect(result).toMatchObject({ status: 'fail', reason: expect.stringMatching(/is 2 h 30 min old \(limit 120 min\)$/) as string, evidence: { ageMinutes: 150, maxAgeMinutes: 120 } });
    expect(world.veleros.northeurope.calls).toContain('listBackups');
    expect(world.veleros.westeurope.calls).not.toContain('listBackups');
  });

  it('fails an unavailable backup storage location', async () => {
    const world = aFakeWorld();
    world.veleros.northeurope.storageLocations = [{ name: 'default', phase: 'Unavailable', message: 'container not found' }];
    expect(byCheck((await checkerOf(world).check(aPolicy(), 'northeurope')).results).backupLocation).toBe('fail: backup storage location default is Unavailable: container not found');
  });

  it('lists the deployments whose images differ between the regions', async () => {
    const world = aFakeWorld();
    const frontend = world.kube.northeurope.deployments.find((d) => d.name === 'frontend');
    if (frontend) frontend.images = ['acrshop.azurecr.io/shop/frontend:1.4.1'];
    const result = (await checkerOf(world).check(aPolicy(), 'northeurope')).results.find((r) => r.check === 'versionDrift');
    expect(result?.status).toBe('fail');
    expect(result?.reason).toBe('northeurope differs from westeurope: shop/frontend runs acrshop.azurecr.io/shop/frontend:1.4.1 (westeurope: acrshop.azurecr.io/shop/frontend:1.4.2)');
    expect(result?.evidence.differing).toEqual([{ deployment: 'shop/frontend', westeurope: ['acrshop.azurecr.io/shop/frontend:1.4.2'], northeurope: ['acrshop.azurecr.io/shop/frontend:1.4.1'] }]);
  });

  describe('a cold standby restored first: missing deployments are judged by what the restore brings', () => {
    const coldStandby = aPolicy({ failover: { order: 'restoreFirst' }, recovery: { velero: { schedule } } });
    /** The newest backup the target's Velero would restore holds these images per deployment. */
    function backupHolds(world: FakeWorld, images: Record<string, string>): string {
      const newest = world.veleros.northeurope.backups.filter((b) => b.phase === 'Completed').at(-1);
      if (!newest) throw new Error('no backup');
      newest.deployments = Object.entries(images).map(([name, image]) => ({ namespace: 'shop', name, replicas: 3, images: [image] }));
      return newest.name;
    }

    it('passes when the newest backup holds what the primary runs', async () => {
      const world = aFakeWorld();
      world.kube.northeurope.deployments = [];
      expect(byCheck((await checkerOf(world).check(aPolicy(), 'northeurope')).results).versionDrift).toMatch(/^fail: .*shop\/frontend missing/);
      const backup = backupHolds(world, { frontend: 'acrshop.azurecr.io/shop/frontend:1.4.2', cart: 'acrshop.azurecr.io/shop/cart:1.4.2' });
      const result = (await checkerOf(world).check(coldStandby, 'northeurope')).results.find((r) => r.check === 'versionDrift');
      expect(`${result?.status}: ${result?.reason}`).toBe(`pass: 0 deployments run the same images as in westeurope; 2 deployments will come from the restore of ${backup}, with the same images`);
      expect(result?.evidence.restoreBrings).toMatchObject({ backup, deployments: { 'shop/frontend': ['acrshop.azurecr.io/shop/frontend:1.4.2'] } });
    });

    it('fails when the backup predates the primary\'s last rollout, or lacks a deployment', async () => {
      const world = aFakeWorld();
      world.kube.northeurope.deployments = [];
      const backup = backupHolds(world, { frontend: 'acrshop.azurecr.io/shop/frontend:1.4.1' });
      expect(byCheck((await checkerOf(world).check(coldStandby, 'northeurope')).results).versionDrift).toBe(
        `fail: northeurope differs from westeurope: shop/frontend missing; the restore of ${backup} brings acrshop.azurecr.io/shop/frontend:1.4.1, westeurope runs acrshop.azurecr.io/shop/frontend:1.4.2 (a rollout after that backup); shop/cart missing, and not in backup ${backup}: the restore would not bring it`,
      );
    });

    it('says unknown when the backup\'s contents cannot be read', async () => {
      const world = aFakeWorld();
      world.kube.northeurope.deployments = [];
      world.veleros.northeurope.faults.failNext('backupDeployments', new AdapterError('Timeout', 'the contents of backup b did not arrive within 10000 ms'));
      expect(byCheck((await checkerOf(world).check(coldStandby, 'northeurope')).results).versionDrift).toMatch(/^unknown: what backup .* would restore cannot be read: the contents of backup b did not arrive/);
    });
  });

  it('marks a too-small pool as a repairable failure when the policy scales up, a blocking one when not', async () => {
    const world = aFakeWorld();
    const scaleUp = aPolicy({ readiness: { capacity: { nodePool: 'user', minNodes: 3, scaleUp: true } } });
    const report = await checkerOf(world).check(scaleUp, 'northeurope');
    expect(report.results[0]).toMatchObject({ check: 'capacity', status: 'fail', reason: 'node pool user has 1 node, needs 3: will scale up from 1 to 3 before traffic moves (right after it, when the region it leaves is down)', evidence: { repairable: true, willScaleUpTo: 3 } });
    expect(blockingResults(report, { repairable: ['capacity'] })).toEqual([]);
    const noScaleUp = aPolicy({ readiness: { capacity: { nodePool: 'user', minNodes: 3, scaleUp: false } } });
    expect((await checkerOf(world).check(noScaleUp, 'northeurope')).results[0]?.reason).toBe('node pool user has 1 node, needs 3 (scaleUp is off)');
  });

  it('fails when Traffic Manager sees only the target Degraded, warns when it sees every endpoint Degraded', async () => {
    const world = aFakeWorld();
    world.trafficManager.setMonitorStatus(profileId, 'ep-neu', 'Degraded');
    expect(byCheck((await checkerOf(world).check(aPolicy(), 'northeurope')).results).trafficManagerProfile).toBe(
      "fail: Traffic Manager's monitor sees ep-neu Degraded, so it would keep traffic away from northeurope",
    );
    world.trafficManager.setMonitorStatus(profileId, 'ep-weu', 'Degraded');
    const result = (await checkerOf(world).check(aPolicy(), 'northeurope')).results.find((r) => r.check === 'trafficManagerProfile');
    expect(result?.status).toBe('pass');
    expect(result?.evidence.warnings).toEqual(['Traffic Manager sees every enabled endpoint Degraded and serves them all (fail-open): its monitoring cannot be relied on']);
  });

  it("fails when the profile's DNS TTL is longer than the one the policy counts on", async () => {
    const world = aFakeWorld();
    const policy = aPolicy();
    policy.spec.trafficManager.dnsTtlSeconds = 30;
    world.trafficManager.setTtl(profileId, 30);
    const fine = (await checkerOf(world).check(policy, 'northeurope')).results.find((r) => r.check === 'trafficManagerProfile');
    expect(fine).toMatchObject({ status: 'pass', evidence: { dnsTtlSeconds: 30 } });
    world.trafficManager.setTtl(profileId, 300);
    expect(byCheck((await checkerOf(world).check(policy, 'northeurope')).results).trafficManagerProfile).toBe(
      "fail: the profile's DNS TTL is 300 s, the policy counts on 30 s (trafficManager.dnsTtlSeconds): clients would follow later than the policy's timing says — lower dnsConfig.ttl or raise dnsTtlSeconds",
    );
  });

  it('fails an endpoint of the wrong type or a profile with another routing method', async () => {
    const world = aFakeWorld();
    const policy = aPolicy();
    policy.spec.regions[1] = { ...policy.spec.regions[1]!, endpointType: 'AzureEndpoints' };
    policy.spec.trafficManager.routing = 'priority';
    expect(byCheck((await checkerOf(world).check(policy, 'northeurope')).results).trafficManagerProfile).toBe(
      'fail: profile routes by Weighted, the policy by Priority; endpoint ep-neu is ExternalEndpoints, the policy says AzureEndpoints',
    );
  });

  it('says unknown with the reason when a source cannot be reached, and never throws', async () => {
    const world = aFakeWorld();
    world.kube.northeurope.mode = 'down';
    world.veleros.northeurope.faults.failNext('*', new AdapterError('Unavailable', 'listBackups on cluster aks-neu: cannot reach the API server (ECONNRESET)'), 2);
    world.acr.faults.failNext('listReplications', new AdapterError('Timeout', 'listReplications did not finish within 10000 ms'));
    world.aks.faults.failNext('getCluster', new AdapterError('Unauthorized', 'getCluster failed with HTTP 403 (AuthorizationFailed: no read permission)', { statusCode: 403 }));
    const results = byCheck((await checkerOf(world).check(aPolicy(), 'northeurope')).results);
    expect(results).toMatchObject({
      acrReplication: 'unknown: cannot read the registry replications: timeout after 10000 ms',
      backupFreshness: 'unknown: cannot read the backups in northeurope: connection reset',
      backupLocation: 'unknown: cannot read the backup storage location in northeurope: connection reset',
      versionDrift: 'unknown: cannot read the deployments of northeurope: connection reset',
      capacity: 'unknown: cannot read cluster aks-neu: getCluster failed with HTTP 403 (AuthorizationFailed: no read permission)',
    });
  });

  it('gives up on a hung source at the deadline', async () => {
    const world = aFakeWorld();
    // The registry would answer in 10 minutes: a check that waited for it would not finish within the test's timeout.
    world.acr.latencyInMs = 600_000;
    const report = await checkerOf(world).check(aPolicy(), 'northeurope', { timeoutInMs: 100 });
    expect(byCheck(report.results).acrReplication).toBe('unknown: cannot read the registry replications: timeout after 100 ms');
  });

  it('refuses a target that is not a region of the policy', async () => {
    await expect(checkerOf(aFakeWorld()).check(aPolicy(), 'mars')).rejects.toBeInstanceOf(UnknownRegionError);
  });

  it('checks a failback to the primary against the other region', async () => {
    const world = aFakeWorld();
    const report = await checkerOf(world).check(aPolicy(), 'westeurope');
    expect(byCheck(report.results).versionDrift).toBe('pass: 2 deployments run the same images as in northeurope');
  });
});
