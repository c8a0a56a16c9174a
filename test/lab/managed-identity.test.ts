// Contract: managed identity as Azure App Service and Container Apps provide it — IDENTITY_ENDPOINT
// and IDENTITY_HEADER — so DefaultAzureCredential, built the way the product builds it, signs in
// against the lab with no secret in the environment, and ARM accepts the identity's token.
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveAzureEnvironment } from '../../src/config/azure-environment.js';
import { createCredential } from '../../src/config/credentials.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { armScope } from './fixtures/arm-clients.js';

let lab: Lab;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const temp = await withTempDir('aksdr-mi-');
  cleanup = temp.cleanup;
  // The system clock: MSAL reads a managed-identity token's expiry against the real time.
  lab = await startLab({ dir: temp.dir, seed: 5, tickIntervalMs: 0 });
});
afterAll(async () => {
  await lab.stop();
  await cleanup();
});
afterEach(() => vi.unstubAllEnvs());

/** A container's environment: the managed identity endpoint, the lab's authority and CA, no secret. */
function containerEnvironment(): NodeJS.ProcessEnv {
  for (const name of ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_USERNAME']) vi.stubEnv(name, undefined);
  vi.stubEnv('IDENTITY_ENDPOINT', lab.info.managedIdentity.endpoint);
  vi.stubEnv('IDENTITY_HEADER', lab.info.managedIdentity.header);
  return { AKSDR_ARM_ENDPOINT: lab.info.armEndpoint, AZURE_AUTHORITY_HOST: lab.info.authorityHost, AKSDR_CA_FILE: lab.info.caFile };
}

describe('managed identity (App Service / Container Apps)', () => {
  it("signs the product's DefaultAzureCredential in through IDENTITY_ENDPOINT, and ARM accepts the token", async () => {
    const env = containerEnvironment();
    const credential = createCredential(resolveAzureEnvironment(env), env);
    const token = await credential.getToken(armScope);
    expect(token?.token).toMatch(/^ey/);
    const aks = new ContainerServiceClient(credential, lab.info.subscriptionId, { endpoint: lab.info.armEndpoint, tlsOptions: { ca: lab.ctx.pki.caCertPem }, credentials: { scopes: [armScope] } });
    const primary = Object.values(lab.info.clusters).find((c) => c.role === 'primary');
    await expect(aks.managedClusters.get(primary?.resourceGroup ?? '', primary?.name ?? '')).resolves.toMatchObject({ name: primary?.name });
  });

  it('answers only a caller that presents IDENTITY_HEADER, and only for resources the tenant has', async () => {
    const { endpoint, header } = lab.info.managedIdentity;
    const url = (resource: string) => `${endpoint}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}`;
    const get = (target: string, headers: Record<string, string>) => fetch(target, { headers }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect((await get(url('https://management.azure.com'), {})).status).toBe(401);
    const ok = await get(url('https://management.azure.com'), { 'x-identity-header': header });
    expect(ok).toMatchObject({ status: 200, body: { token_type: 'Bearer', resource: 'https://management.azure.com', client_id: lab.info.managedIdentity.clientId } });
    const unknown = await get(url('https://nothing-here.example'), { 'x-identity-header': header });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_resource' } });
  });
});
