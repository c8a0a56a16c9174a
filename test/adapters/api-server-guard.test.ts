import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../src/core/ports/adapter-error.js';
import { ApiServerGuard } from '../../src/kube/api-server-guard.js';

function failing(error: Error): () => Promise<never> {
  return () => Promise.reject(error);
}

async function callsMadeAfter(first: Error): Promise<number> {
  const guard = new ApiServerGuard({ cluster: 'aks-weu', halfOpenAfterInMs: 60_000 });
  await expect(guard.call('readyz', {}, failing(first))).rejects.toBeInstanceOf(AdapterError);
  let calls = 0;
  await guard
    .call('listNodes', {}, () => {
      calls++;
      return Promise.resolve([]);
    })
    .catch(() => undefined);
  return calls;
}

describe('backing off an API server', () => {
  it('leaves a server that cannot be reached alone: the next call fails fast without a request', async () => {
    const unreachable = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    expect(await callsMadeAfter(unreachable)).toBe(0);
  });

  it('leaves a server that answered 429 alone', async () => {
    expect(await callsMadeAfter(new AdapterError('Throttled', 'too many requests', { statusCode: 429 }))).toBe(0);
  });

  it('keeps asking a server that answered a quick 503: one blip must not blind every signal of the cluster', async () => {
    expect(await callsMadeAfter(new AdapterError('Unavailable', 'service unavailable', { statusCode: 503 }))).toBe(1);
  });
});
