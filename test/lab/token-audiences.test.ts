// Contract: tokens are for a resource the tenant has, and each service takes only its own audience —
// Entra refuses an unknown resource with AADSTS500011, the ACR token exchange refuses an Entra
// token issued for another resource (as ARM refuses one, see arm-front-door.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAcrDataPlaneHandler } from '../../src/lab/acr/acr-data-plane.js';
import { rawRequest } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
beforeAll(async () => {
  lab = await startArmLab();
});
afterAll(() => lab.close());

async function askEntra(scope: string) {
  const { tenantId, clientId, clientSecret } = lab.ctx.world.identity;
  return rawRequest(lab, `${lab.ctx.urls.entra}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope }).toString(),
  });
}

describe('token audiences', () => {
  it('Entra refuses a scope for a resource the tenant does not have with AADSTS500011', async () => {
    const res = await askEntra('https://nothing-here.example/.default');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
    expect((res.body as { error_description: string }).error_description).toMatch(/^AADSTS500011: The resource principal named https:\/\/nothing-here\.example was not found in the tenant named [0-9a-f-]+\./);
  });

  it('Entra issues tokens for ARM, ACR and the AKS server application', async () => {
    for (const scope of ['https://management.azure.com/.default', 'https://containerregistry.azure.net/.default', '6dae42f8-4368-4678-94ff-3960e28e3630/.default']) {
      expect((await askEntra(scope)).status, scope).toBe(200);
    }
  });

  it('the ACR exchange takes an ARM token and refuses one issued for another resource', async () => {
    const acr = createAcrDataPlaneHandler(lab.ctx, lab.tokens);
    const service = String(lab.ctx.world.registry.resource.properties.loginServer);
    const exchange = async (resource: string) => {
      const { tenantId, clientId } = lab.ctx.world.identity;
      const token = (await lab.tokens.issue({ tenantId, clientId, resource })).accessToken;
      const body = Buffer.from(new URLSearchParams({ grant_type: 'access_token', service, access_token: token }).toString());
      return acr({ method: 'POST', url: new URL(`${lab.ctx.urls.acr}/oauth2/exchange`), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    };
    expect(await exchange('https://management.azure.com')).toMatchObject({ status: 200 });
    const refused = await exchange('https://vault.azure.net');
    expect(refused).toMatchObject({ status: 401, body: { errors: [{ code: 'UNAUTHORIZED' }] } });
  });
});
