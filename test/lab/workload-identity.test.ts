// Contract: workload identity federation end to end, as AKS and Entra ID run it — the cluster's OIDC
// issuer signs aksdr's service-account token, @azure/identity presents it as a client assertion
// (AZURE_FEDERATED_TOKEN_FILE), and the lab's Entra verifies it against the issuer's published keys
// and the application's federated credential before issuing an ARM token ARM accepts.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { WorkloadIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lab/clock.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { armScope } from './fixtures/arm-clients.js';

let lab: Lab;
let dir: string;
let cleanup: () => Promise<void>;
const clock = new ManualClock();
beforeAll(async () => {
  const temp = await withTempDir('aksdr-wi-');
  cleanup = temp.cleanup;
  dir = temp.dir;
  lab = await startLab({ dir: temp.dir, clock, seed: 3 });
});
afterAll(async () => {
  await lab.stop();
  await cleanup();
});

function credential(tokenFilePath: string): WorkloadIdentityCredential {
  const { tenantId, clientId, authorityHost } = lab.info;
  return new WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath, authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: lab.ctx.pki.caCertPem } });
}

let files = 0;
/** A token file as the kubelet would project it into the pod. */
async function tokenFile(token: string): Promise<string> {
  const file = path.join(dir, `token-${++files}`);
  await writeFile(file, token);
  return file;
}

describe('workload identity federation', () => {
  it("publishes each cluster's OIDC issuer in the managed cluster and serves its keys without authentication", async () => {
    const aks = new ContainerServiceClient(credential(lab.info.federatedTokenFile ?? ''), lab.info.subscriptionId, { endpoint: lab.info.armEndpoint, tlsOptions: { ca: lab.ctx.pki.caCertPem }, credentials: { scopes: [armScope] } });
    const primary = Object.values(lab.info.clusters).find((c) => c.role === 'primary');
    const cluster = await aks.managedClusters.get(primary?.resourceGroup ?? '', primary?.name ?? '');
    expect(cluster.oidcIssuerProfile).toMatchObject({ enabled: true, issuerURL: `${primary?.apiServer}/oidc/` });
    expect(cluster.securityProfile?.workloadIdentity?.enabled).toBe(true);
  });

  it('signs in with the projected token file the lab writes, and ARM accepts the token', async () => {
    const file = lab.info.federatedTokenFile ?? '';
    expect(await readFile(file, 'utf8')).toMatch(/^ey/);
    const token = await credential(file).getToken(armScope);
    expect(token.token).toMatch(/^ey/);
  });

  it('refuses a service account the application has no federated credential for (AADSTS70021)', async () => {
    const primary = Object.values(lab.info.clusters).find((c) => c.role === 'primary');
    const other = await lab.serviceAccountToken(primary?.name ?? '', 'default', 'intruder');
    await expect(credential(await tokenFile(other)).getToken(armScope)).rejects.toThrow(/AADSTS70021: No matching federated identity record found for presented assertion\. Assertion Issuer: '.+\/oidc\/'\. Assertion Subject: 'system:serviceaccount:default:intruder'/);
  });

  it('refuses a token for another audience, and an expired one', async () => {
    const primary = Object.values(lab.info.clusters).find((c) => c.role === 'primary');
    const wrongAudience = await lab.serviceAccountToken(primary?.name ?? '', 'aksdr', 'aksdr', { audience: 'https://kubernetes.default.svc' });
    await expect(credential(await tokenFile(wrongAudience)).getToken(armScope)).rejects.toThrow(/AADSTS70021/);
    const shortLived = await lab.serviceAccountToken(primary?.name ?? '', 'aksdr', 'aksdr', { lifetimeSeconds: 600 });
    clock.advance(601_000);
    await expect(credential(await tokenFile(shortLived)).getToken(armScope)).rejects.toThrow(/AADSTS700024/);
  });

  it('refuses a token signed by another issuer than the one it names (AADSTS50013)', async () => {
    const [primary, secondary] = Object.values(lab.info.clusters);
    const fromSecondary = await lab.serviceAccountToken(secondary?.name ?? '', 'aksdr', 'aksdr');
    // Re-label the secondary's token as the primary's: its signature no longer matches the issuer's keys.
    const [header, payload, signature] = fromSecondary.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    claims.iss = `${primary?.apiServer}/oidc/`;
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    await expect(credential(await tokenFile(forged)).getToken(armScope)).rejects.toThrow(/AADSTS50013/);
  });
});
