// How a dead endpoint looks on the wire (src/lab/http/serve.ts): refused closes the connection,
// reset resets it, blackhole accepts and never answers — and a blackholed client never keeps the
// server from stopping.
import { afterEach, describe, expect, it } from 'vitest';
import { deadModes, type DeadMode } from '../../src/lab/http/handler.js';
import { serve, type RunningServer } from '../../src/lab/http/serve.js';
import { createLabPki } from '../../src/lab/pki.js';
import { httpsRequest } from '../fixtures/https-get.js';

const pki = createLabPki();
const tls = { key: pki.serverKeyPem, cert: pki.serverCertPem };
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function deadServer(): Promise<RunningServer> {
  return serve((request) => {
    const mode = request.url.pathname.slice(1);
    return (deadModes as readonly string[]).includes(mode) ? { drop: true, mode: mode as DeadMode } : { status: 200, body: 'alive' };
  }, { tls });
}

describe('dead endpoints', () => {
  it('refused: the connection is closed without an answer', async () => {
    server = await deadServer();
    await expect(httpsRequest(`${server.url}/refused`, { ca: pki.caCertPem, timeoutMs: 2_000 })).rejects.toThrow(/socket hang up/);
  });

  it('reset: the connection is reset (ECONNRESET on read)', async () => {
    server = await deadServer();
    await expect(httpsRequest(`${server.url}/reset`, { ca: pki.caCertPem, timeoutMs: 2_000 })).rejects.toThrow(/read ECONNRESET/);
  });

  it('blackhole: accepted, never answered — the client’s own timeout ends the wait', async () => {
    server = await deadServer();
    const started = performance.now();
    await expect(httpsRequest(`${server.url}/blackhole`, { ca: pki.caCertPem, timeoutMs: 300 })).rejects.toThrow(/timeout/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect((await httpsRequest(`${server.url}/alive`, { ca: pki.caCertPem })).body).toBe('alive');
  });

  it('a blackholed request does not keep the server from closing', async () => {
    const running = await deadServer();
    const hanging = httpsRequest(`${running.url}/blackhole`, { ca: pki.caCertPem, timeoutMs: 60_000 }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await running.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(String(await hanging)).toMatch(/socket hang up|ECONNRESET/);
  });
});
