// Contract: an Entra-integrated AKS cluster end to end — its user kubeconfig signs in through
// kubelogin (a token for the AKS server application), its API server accepts only such tokens, its
// local accounts are off (no admin credential, static tokens refused), and the product's Entra path
// for Kubernetes (ClusterConnections with the Azure credential) reads the cluster through it.
import https from 'node:https';
import type { TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { AksClient } from '../../src/azure/aks-client.js';
import { resolveAzureEnvironment } from '../../src/config/azure-environment.js';
import { createCredential } from '../../src/config/credentials.js';
import { ClusterConnections } from '../../src/kube/cluster-connections.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { withTempDir } from '../fixtures/temp-dir.js';

let lab: Lab;
let aks: AksClient;
let connections: ClusterConnections;
let credential: TokenCredential;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const temp = await withTempDir('aksdr-entra-cluster-');
  cleanup = temp.cleanup;
  lab = await startLab({ dir: temp.dir, seed: 9, tickIntervalMs: 0, clusterAuth: 'entra' });
  const { info } = lab;
  vi.stubEnv('AZURE_TENANT_ID', info.tenantId);
  vi.stubEnv('AZURE_CLIENT_ID', info.clientId);
  vi.stubEnv('AZURE_CLIENT_SECRET', info.clientSecret);
  vi.stubEnv('AZURE_AUTHORITY_HOST', info.authorityHost);
  const env = { AKSDR_ARM_ENDPOINT: info.armEndpoint, AZURE_AUTHORITY_HOST: info.authorityHost, AKSDR_CA_FILE: info.caFile, AZURE_TENANT_ID: info.tenantId, AZURE_CLIENT_ID: info.clientId };
  const environment = resolveAzureEnvironment(env);
  credential = createCredential(environment, env);
  aks = new AksClient({ environment, credential });
  connections = new ClusterConnections({ aks, credential, guard: { halfOpenAfterInMs: 200, defaultTimeoutInMs: 5_000 } });
});
afterAll(async () => {
  await connections.close();
  await lab.stop();
  vi.unstubAllEnvs();
  await cleanup();
});

const primary = () => Object.values(lab.info.clusters).find((c) => c.role === 'primary') ?? { resourceId: '', apiServer: '', name: '' };

describe('an Entra-integrated cluster', () => {
  it('hands out a user kubeconfig that signs in through kubelogin for the AKS server application', async () => {
    const kubeconfig = parse(await aks.getKubeconfig(primary().resourceId, 'user')) as { users: { user: { exec?: { command: string; args: string[] } } }[] };
    const exec = kubeconfig.users[0]?.user.exec;
    expect(exec?.command).toBe('kubelogin');
    expect(exec?.args).toEqual(expect.arrayContaining(['get-token', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630', '--tenant-id', lab.info.tenantId]));
  });

  it('has its local accounts disabled: no admin credential', async () => {
    await expect(aks.getKubeconfig(primary().resourceId, 'admin')).rejects.toMatchObject({ code: 'BadRequest' });
    const cluster = lab.ctx.world.clusters.find((c) => c.role === 'primary');
    expect(cluster?.entraIntegrated).toBe(true);
  });

  it("is read by the product's Entra path: ClusterConnections with the Azure credential lists its nodes", async () => {
    const nodes = await connections.kubernetes(primary().resourceId).listNodes();
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.ready)).toBe(true);
  });

  it('refuses its static tokens and an Entra token for another resource with 401', async () => {
    const cluster = lab.ctx.world.clusters.find((c) => c.role === 'primary');
    const arm = await credential.getToken('https://management.azure.com/.default');
    const server = await credential.getToken('6dae42f8-4368-4678-94ff-3960e28e3630/.default');
    const statusWith = (token: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = https.get(`${primary().apiServer}/api/v1/nodes`, { ca: lab.ctx.pki.caCertPem, headers: { authorization: `Bearer ${token}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
    expect(await statusWith(cluster?.userToken ?? '')).toBe(401);
    expect(await statusWith(cluster?.adminToken ?? '')).toBe(401);
    expect(await statusWith(arm?.token ?? '')).toBe(401);
    expect(await statusWith(server?.token ?? '')).toBe(200);
  });
});
