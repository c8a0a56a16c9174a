// Contract: api-versions as ARM handles them — each resource type accepts the versions its provider
// publishes (the lab's table), refuses any other with 400 InvalidApiVersionParameter listing them,
// and long-running operations are polled at the version AKS writes into its URLs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiVersionTable, aksOperationApiVersion } from '../../src/lab/arm/api-versions.js';
import { armToken, rawRequest } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
beforeAll(async () => {
  lab = await startArmLab();
});
afterAll(() => lab.close());

const sub = () => `/subscriptions/${lab.ctx.world.identity.subscriptionId}`;
const paths: Record<string, () => string> = {
  'microsoft.network/trafficmanagerprofiles': () => `${sub()}/resourceGroups/rg-aksdr-global/providers/Microsoft.Network/trafficmanagerprofiles/tm-aksdr`,
  'microsoft.containerservice/managedclusters': () => `${sub()}/resourceGroups/rg-aksdr-weu/providers/Microsoft.ContainerService/managedClusters/aks-weu`,
  'microsoft.containerregistry/registries': () => `${sub()}/resourceGroups/rg-aksdr-weu/providers/Microsoft.ContainerRegistry/registries/acraksdr/replications`,
  'microsoft.resources/resourcegroups': () => `${sub()}/resourcegroups/rg-aksdr-weu`,
};

async function get(path: string, apiVersion?: string) {
  const query = apiVersion === undefined ? '' : `?api-version=${apiVersion}`;
  return rawRequest(lab, `${lab.ctx.urls.arm}${path}${query}`, { headers: { authorization: `Bearer ${await armToken(lab)}` } });
}

describe('api-versions', () => {
  for (const [type, path] of Object.entries(paths)) {
    it(`${type} accepts every version in its table and refuses one it does not publish, listing them`, async () => {
      const { versions } = apiVersionTable[type] ?? { versions: [] };
      for (const version of versions) expect((await get(path(), version)).status, version).toBe(200);
      const refused = await get(path(), '2099-01-01');
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ error: { code: 'InvalidApiVersionParameter', message: `The api-version '2099-01-01' is invalid. The supported versions are '${versions.join(',')}'.` } });
    });
  }

  it('keeps MissingApiVersionParameter for a request without one', async () => {
    const missing = await get(paths['microsoft.containerservice/managedclusters']?.() ?? '');
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'MissingApiVersionParameter' } } });
  });

  it('lists a type only once its provider publishes it: a version of another provider is refused', async () => {
    // 2025-11-01 is ACR's current version; AKS never published it.
    const refused = await get(paths['microsoft.containerservice/managedclusters']?.() ?? '', '2025-11-01');
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'InvalidApiVersionParameter' } } });
  });

  it("points the long-running operation's polling URLs at AKS's operations version, not the caller's", async () => {
    const put = await rawRequest(lab, `${lab.ctx.urls.arm}${paths['microsoft.containerservice/managedclusters']?.()}/agentPools/user?api-version=2025-10-01`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await armToken(lab)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { count: 4, mode: 'User', vmSize: 'Standard_D8ds_v5' } }),
    });
    expect(put.status).toBe(200);
    const polling = new URL(String(put.headers['azure-asyncoperation']));
    expect(polling.searchParams.get('api-version')).toBe(aksOperationApiVersion);
    const status = await rawRequest(lab, polling.href, { headers: { authorization: `Bearer ${await armToken(lab)}` } });
    expect(status).toMatchObject({ status: 200, body: { status: 'InProgress' } });
    lab.clock.advance(lab.ctx.timing.armOperationMs);
  });
});
