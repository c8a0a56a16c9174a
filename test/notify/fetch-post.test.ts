// The real webhook sender over HTTPS: it trusts aksdr's extra CA (a receiver behind a private CA),
// sends the signed body a receiver can verify, and reports the receiver's status.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabPki } from '../../src/lab/pki.js';
import { fetchPost } from '../../src/notify/fetch-post.js';
import { signBody, verifySignature } from '../../src/notify/webhook-signature.js';

const pki = createLabPki();
const received: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];
const server = createServer({ key: pki.serverKeyPem, cert: pki.serverCertPem }, (req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push({ body, headers: req.headers });
    res.writeHead(req.url === '/gone' ? 410 : 204).end();
  });
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetchPost', () => {
  it('delivers over TLS with a private CA and returns the status', async () => {
    const { post, close } = fetchPost({ caPem: pki.caCertPem });
    try {
      const body = JSON.stringify({ event: 'failover.started' });
      const signature = signBody('s3cret', 1_800_000_000, body);
      const status = await post(`${url}/hook`, body, { 'content-type': 'application/json', 'x-aksdr-signature': signature, 'x-aksdr-timestamp': '1800000000' }, AbortSignal.timeout(5_000));
      expect(status).toBe(204);
      const [delivery] = received;
      expect(delivery?.body).toBe(body);
      expect(verifySignature('s3cret', { signature: String(delivery?.headers['x-aksdr-signature']), timestamp: String(delivery?.headers['x-aksdr-timestamp']) }, delivery?.body ?? '', 1_800_000_010)).toBe(true);
      expect(await post(`${url}/gone`, '{}', {}, AbortSignal.timeout(5_000))).toBe(410);
    } finally {
      await close();
    }
  });

  it('refuses a receiver whose certificate it cannot trust', async () => {
    const { post, close } = fetchPost();
    try {
      await expect(post(`${url}/hook`, '{}', {}, AbortSignal.timeout(5_000))).rejects.toThrow();
    } finally {
      await close();
    }
  });
});
