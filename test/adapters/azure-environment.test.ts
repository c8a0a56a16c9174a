import { describe, expect, it } from 'vitest';
import { AzureEnvironmentError, isKnownAuthorityHost, resolveAzureEnvironment } from '../../src/config/azure-environment.js';
import { credentialOptionsFor } from '../../src/config/credentials.js';

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const read = (files: Record<string, string>) => (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
  return text;
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof AzureEnvironmentError) return error.problems.map((p) => `${p.source}: ${p.problem}`);
    throw error;
  }
  throw new Error('expected an AzureEnvironmentError');
}

describe('resolving the Azure environment', () => {
  it('defaults to the public cloud', () => {
    expect(resolveAzureEnvironment({})).toEqual({
      cloud: 'public',
      armEndpoint: 'https://management.azure.com',
      authorityHost: 'https://login.microsoftonline.com',
      armAudience: 'https://management.azure.com/.default',
    });
  });

  it('knows the China and US Government clouds, with their own ARM audiences', () => {
    expect(resolveAzureEnvironment({ AKSDR_CLOUD: 'china' })).toMatchObject({
      armEndpoint: 'https://management.chinacloudapi.cn',
      authorityHost: 'https://login.chinacloudapi.cn',
      armAudience: 'https://management.chinacloudapi.cn/.default',
    });
    expect(resolveAzureEnvironment({ AKSDR_CLOUD: 'USGov' })).toMatchObject({
      armEndpoint: 'https://management.usgovcloudapi.net',
      authorityHost: 'https://login.microsoftonline.us',
      armAudience: 'https://management.usgovcloudapi.net/.default',
    });
  });

  it('treats unknown endpoints as a custom cloud and reads its CA', () => {
    const env = { AKSDR_ARM_ENDPOINT: 'https://127.0.0.1:8443/', AZURE_AUTHORITY_HOST: 'https://127.0.0.1:9443', AKSDR_CA_FILE: '/lab/ca.pem' };
    expect(resolveAzureEnvironment(env, {}, { readTextFile: read({ '/lab/ca.pem': pem }) })).toEqual({
      cloud: 'custom',
      armEndpoint: 'https://127.0.0.1:8443',
      authorityHost: 'https://127.0.0.1:9443',
      armAudience: 'https://management.azure.com/.default',
      caPem: pem,
      caFile: '/lab/ca.pem',
    });
  });

  it('takes an explicit audience for a custom cloud and lets flags win over variables', () => {
    const env = { AKSDR_CLOUD: 'custom', AKSDR_ARM_ENDPOINT: 'https://management.local.azurestack.external', AZURE_AUTHORITY_HOST: 'https://adfs.local.azurestack.external', AKSDR_ARM_AUDIENCE: 'https://management.adfs.azurestack.local/abc' };
    expect(resolveAzureEnvironment(env, { armEndpoint: 'https://arm.example' })).toMatchObject({
      armEndpoint: 'https://arm.example',
      armAudience: 'https://management.adfs.azurestack.local/abc/.default',
    });
  });

  it('reports every problem at once, each with the variable at fault', () => {
    const problems = problemsOf(() =>
      resolveAzureEnvironment({ AKSDR_CLOUD: 'mars', AKSDR_ARM_ENDPOINT: 'http://127.0.0.1:8080', AZURE_AUTHORITY_HOST: 'not a url', AKSDR_CA_FILE: '/missing.pem' }, {}, { readTextFile: read({}) }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^AKSDR_ARM_ENDPOINT: .*does not use https/),
      expect.stringMatching(/^AZURE_AUTHORITY_HOST: .*is not a URL/),
      expect.stringMatching(/^AKSDR_CLOUD: "mars" is not a known cloud/),
      expect.stringMatching(/^AKSDR_CA_FILE: cannot read "\/missing.pem"/),
    ]);
  });

  it('requires both endpoints for a custom cloud and a PEM in the CA file', () => {
    expect(problemsOf(() => resolveAzureEnvironment({ AKSDR_CLOUD: 'custom', AKSDR_CA_FILE: '/ca.pem' }, {}, { readTextFile: read({ '/ca.pem': 'hello' }) }))).toEqual([
      expect.stringMatching(/^AKSDR_ARM_ENDPOINT: is required/),
      expect.stringMatching(/^AZURE_AUTHORITY_HOST: is required/),
      expect.stringMatching(/^AKSDR_CA_FILE: .*holds no PEM certificate/),
    ]);
  });
});

describe('the credential options', () => {
  it('keep instance discovery for the public and sovereign authorities', () => {
    expect(isKnownAuthorityHost('https://login.microsoftonline.com/')).toBe(true);
    expect(isKnownAuthorityHost('https://login.chinacloudapi.cn')).toBe(true);
    const options = credentialOptionsFor(resolveAzureEnvironment({}), { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' });
    expect(options).toEqual({ authorityHost: 'https://login.microsoftonline.com', disableInstanceDiscovery: false, tenantId: 't', managedIdentityClientId: 'c' });
  });

  it('switch instance discovery off and trust the CA for a private authority', () => {
    const environment = resolveAzureEnvironment(
      { AKSDR_ARM_ENDPOINT: 'https://127.0.0.1:8443', AZURE_AUTHORITY_HOST: 'https://127.0.0.1:9443', AKSDR_CA_FILE: '/ca.pem' },
      {},
      { readTextFile: read({ '/ca.pem': pem }) },
    );
    expect(credentialOptionsFor(environment, {})).toEqual({ authorityHost: 'https://127.0.0.1:9443', disableInstanceDiscovery: true, tlsOptions: { ca: pem } });
  });
});
