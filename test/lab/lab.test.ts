import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabControlClient } from '../../src/lab/control-client.js';
import { loadPolicies } from '../../src/policy/index.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { httpsRequest } from '../fixtures/https-get.js';
import { withTempDir } from '../fixtures/temp-dir.js';

describe('the lab, started programmatically', () => {
  let lab: Lab;
  let cleanup: () => Promise<void>;
  let ca: string;

  beforeAll(async () => {
    const temp = await withTempDir();
    cleanup = temp.cleanup;
    lab = await startLab({ dir: temp.dir, seed: 7, tickIntervalMs: 0 });
    ca = await readFile(lab.info.caFile, 'utf8');
  });
  afterAll(async () => {
    await lab.stop();
    await cleanup();
  });

  it('describes its world in lab.json: endpoints, identity, clusters, Traffic Manager and registry ids', async () => {
    const written = JSON.parse(await readFile(`${lab.info.dir}/lab.json`, 'utf8')) as typeof lab.info;
    expect(written).toEqual(lab.info);
    expect(written.armEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(written.authorityHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(written.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(written.clusters)).toEqual(['westeurope', 'northeurope']);
    expect(written.clusters.westeurope?.resourceId).toMatch(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters\/aks-weu$/);
    expect(written.trafficManager.profileId).toContain('/providers/Microsoft.Network/trafficManagerProfiles/');
    expect(Object.keys(written.trafficManager.endpoints).sort()).toEqual(['northeurope', 'westeurope']);
    expect(written.registry.resourceId).toContain('/providers/Microsoft.ContainerRegistry/registries/');
  });

  it('writes an env file, readable only by its owner, that points the Azure SDKs and aksdr at the lab', async () => {
    const env = await readFile(lab.info.envFile, 'utf8');
    expect(env).toContain(`export AZURE_AUTHORITY_HOST='${lab.info.authorityHost}'`);
    expect(env).toContain(`export AKSDR_ARM_ENDPOINT='${lab.info.armEndpoint}'`);
    expect(env).toContain(`export AZURE_CLIENT_SECRET='${lab.info.clientSecret}'`);
    expect(env).toContain(`export NODE_EXTRA_CA_CERTS='${lab.info.caFile}'`);
    expect((await stat(lab.info.envFile)).mode & 0o077).toBe(0);
  });

  it('writes a policy.yaml for its own world that validates without errors', async () => {
    const { policies, diagnostics } = await loadPolicies([lab.info.policyFile ?? '']);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const policy = policies[0]?.policy;
    expect(policy?.spec.regions.map((r) => [r.name, r.role, r.cluster])).toEqual([
      ['westeurope', 'primary', lab.info.clusters.westeurope?.resourceId],
      ['northeurope', 'secondary', lab.info.clusters.northeurope?.resourceId],
    ]);
    expect(policy?.spec.trafficManager.profile).toBe(lab.info.trafficManager.profileId);
    expect(policy?.spec.readiness?.acr?.registry).toBe(lab.info.registry.resourceId);
  });

  it('serves each region app health endpoint over TLS signed by its own CA', async () => {
    const url = lab.info.clusters.westeurope?.appUrl ?? '';
    const response = await httpsRequest(url, { ca });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'ok', region: 'westeurope' });
    await expect(httpsRequest(url, { ca: '' })).rejects.toThrow();
  });

  it('breaks and heals a region app endpoint through the control API', async () => {
    const control = new LabControlClient(lab.info);
    const url = lab.info.clusters.northeurope?.appUrl ?? '';
    await control.fail({ region: 'northeurope', kind: 'app-5xx' });
    expect((await httpsRequest(url, { ca })).status).toBe(503);
    expect((await httpsRequest(lab.info.clusters.westeurope?.appUrl ?? '', { ca })).status).toBe(200);

    await control.fail({ region: 'northeurope', kind: 'region-down', mode: 'reset' });
    await expect(httpsRequest(url, { ca })).rejects.toThrow(/socket hang up|ECONNRESET/);
    // By default a dead region accepts and never answers: the caller's timeout ends the wait.
    await control.fail({ region: 'northeurope', kind: 'region-down' });
    await expect(httpsRequest(url, { ca, timeoutMs: 300 })).rejects.toThrow(/timeout/);

    const healed = await control.heal('northeurope');
    expect(healed.map((f) => f.kind).sort()).toEqual(['app-5xx', 'region-down']);
    expect((await httpsRequest(url, { ca })).status).toBe(200);
  });

  it('refuses fault injection without the control token, and explains unknown regions and faults', async () => {
    const anonymous = new LabControlClient({ controlUrl: lab.info.controlUrl, controlToken: 'wrong' });
    await expect(anonymous.fail({ region: 'westeurope', kind: 'app-5xx' })).rejects.toThrow(/control token/);
    const control = new LabControlClient(lab.info);
    await expect(control.fail({ region: 'atlantis', kind: 'app-5xx' })).rejects.toThrow(/unknown region 'atlantis'.*westeurope, northeurope/);
    await expect(control.fail({ region: '*', kind: 'app-5xx' })).rejects.toThrow(/needs a region/);
    expect(lab.state().faults).toEqual([]);
  });

  it('reports its state: weights, clusters, nodes, workloads, backups and faults', async () => {
    const control = new LabControlClient(lab.info);
    await control.fail({ region: 'westeurope', kind: 'flaky', rate: 0.5 });
    const state = await control.state();
    expect(state.trafficManager.endpoints.map((e) => [e.region, e.weight, e.endpointStatus])).toEqual([
      ['westeurope', 1000, 'Enabled'],
      ['northeurope', 1, 'Enabled'],
    ]);
    expect(state.clusters.map((c) => [c.region, c.role, c.powerState, c.nodes])).toEqual([
      ['westeurope', 'primary', 'Running', 5],
      ['northeurope', 'secondary', 'Running', 3],
    ]);
    expect(state.clusters[0]?.deployments.map((d) => `${d.name} ${d.available}/${d.replicas}`)).toEqual(['cart 3/3', 'frontend 3/3']);
    expect(state.backups.filter((b) => b.phase === 'Completed').length).toBeGreaterThan(0);
    expect(state.faults).toMatchObject([{ region: 'westeurope', kind: 'flaky', rate: 0.5 }]);
    await control.heal();
  });
});
