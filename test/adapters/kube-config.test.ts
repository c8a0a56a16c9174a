import { RequestContext } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../src/kube/kube-config.js';

const ca = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
function kubeconfig(user: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: aks-weu',
    '  cluster:',
    '    server: https://aks-weu.hcp.westeurope.azmk8s.io:443',
    `    certificate-authority-data: ${ca}`,
    'contexts:',
    '- name: aks-weu',
    '  context: { cluster: aks-weu, user: clusterUser_rg_aks-weu }',
    'current-context: aks-weu',
    'users:',
    '- name: clusterUser_rg_aks-weu',
    '  user:',
    user,
  ].join('\n');
}
const tokenUser = '    token: local-account-token';
const kubeloginUser = [
  '    exec:',
  '      apiVersion: client.authentication.k8s.io/v1beta1',
  '      command: kubelogin',
  '      args: [get-token, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]',
].join('\n');

async function authenticate(config: ReturnType<typeof loadKubeconfig>['config']): Promise<RequestContext> {
  const context = new RequestContext('https://aks-weu.hcp.westeurope.azmk8s.io/api/v1/nodes', 'GET');
  await config.applySecurityAuthentication(context);
  return context;
}

describe('kubeconfigs', () => {
  it('use the local account token of a cluster without Entra ID integration', async () => {
    const { config, usesEntra } = loadKubeconfig(kubeconfig(tokenUser));
    expect(usesEntra).toBe(false);
    expect((await authenticate(config)).getHeaders().Authorization).toBe('Bearer local-account-token');
  });

  it('replace a kubelogin user with a token from our credential', async () => {
    let calls = 0;
    const { config, usesEntra } = loadKubeconfig(kubeconfig(kubeloginUser), {
      entraToken: () => {
        calls += 1;
        return Promise.resolve('entra-token');
      },
    });
    expect(usesEntra).toBe(true);
    expect((await authenticate(config)).getHeaders().Authorization).toBe('Bearer entra-token');
    expect(calls).toBe(1);
  });

  it('refuse a kubelogin user when there is no credential, saying why', () => {
    const error: unknown = (() => {
      try {
        return loadKubeconfig(kubeconfig(kubeloginUser));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'Unauthorized' });
    expect((error as Error).message).toContain('kubelogin');
  });

  it('reuse one connection pool for every request to the cluster', async () => {
    const { config } = loadKubeconfig(kubeconfig(tokenUser));
    const first = (await authenticate(config)).getDispatcher();
    const second = (await authenticate(config)).getDispatcher();
    expect(first).toBeDefined();
    expect(second).toBe(first);
    await config.close();
  });
});
