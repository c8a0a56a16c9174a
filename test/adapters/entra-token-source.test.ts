import type { TokenCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { aksServerScope } from '../../src/config/credentials.js';
import { EntraTokenSource } from '../../src/kube/entra-token-source.js';

function aCredential(lifetimeInMs: number, now: () => number) {
  const requests: string[] = [];
  const credential: TokenCredential = {
    getToken: (scope) => {
      requests.push([scope].flat().join(' '));
      return Promise.resolve({ token: `token-${requests.length}`, expiresOnTimestamp: now() + lifetimeInMs });
    },
  };
  return { credential, requests };
}

describe('Entra ID tokens for AKS API servers', () => {
  it('are asked for the AKS server application, reused, and refreshed five minutes before they expire', async () => {
    let now = 1_000_000;
    const { credential, requests } = aCredential(60 * 60_000, () => now);
    const source = new EntraTokenSource(credential, { now: () => now });
    expect(await Promise.all([source.token(), source.token()])).toEqual(['token-1', 'token-1']);
    now += 54 * 60_000;
    expect(await source.token()).toBe('token-1');
    now += 2 * 60_000;
    expect(await source.token()).toBe('token-2');
    expect(requests).toEqual([aksServerScope, aksServerScope]);
  });

  it('are fetched again after invalidate (the API server said 401)', async () => {
    const { credential } = aCredential(3600_000, Date.now);
    const source = new EntraTokenSource(credential);
    expect(await source.token()).toBe('token-1');
    source.invalidate();
    expect(await source.token()).toBe('token-2');
  });

  it('turn a credential failure into Unauthorized without the details of the secret', async () => {
    const source = new EntraTokenSource({ getToken: () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided. client_secret=abc123')) });
    const error: unknown = await source.token().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'Unauthorized' });
    expect(String((error as Error).cause)).not.toContain('abc123');
  });
});
