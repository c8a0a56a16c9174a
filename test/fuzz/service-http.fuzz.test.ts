// Fuzzing of the service's HTTP API (`aksdr serve`): random methods, paths, headers and bodies —
// oversized, not JSON, wrong types, never ending — first through the app as a function (createApp:
// Request → Response), then through the real socket binding (node-binding.ts) with raw bytes: broken
// request lines, odd Host headers, methods a web Request refuses, slowloris. Property: client input
// gets a 4xx with a JSON error (code and message) — never a 5xx, never a crash — and a mutating
// endpoint never acts without a valid token.
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import { createAuthenticator } from '../../src/server/auth.js';
import { listen, type Listening } from '../../src/server/node-binding.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { anApiWorld, type ApiWorld } from '../server/support/api-world.js';
import { fuzzParameters, fuzzTimeout } from './fuzz-runs.js';

const TOKEN = 'a-long-shared-token-for-fuzzing';
const commandVerbs = ['approve', 'failover', 'failback', 'resume'] as const;

function anApi(): ApiWorld {
  return anApiWorld(aPolicy().withMode('automatic').withHysteresis(2, 3).build(), createAuthenticator({ clock: new FakeClock(), sharedToken: TOKEN }));
}

// ---- requests ----

const methods = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS') }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/).filter((m) => !['CONNECT', 'TRACE', 'TRACK'].includes(m)) });
const knownPaths = ['/healthz', '/readyz', '/metrics', '/api/v1/policies', '/api/v1/policies/shop', '/api/v1/policies/nope', ...commandVerbs.map((v) => `/api/v1/policies/shop/${v}`), ...commandVerbs.map((v) => `/api/v1/policies/nope/${v}`)];
const pathMutation = fc.constantFrom(
  (p: string) => p,
  (p: string) => `${p}/`,
  (p: string) => p.toUpperCase(),
  (p: string) => `${p}?x=1&x=2&${'q'.repeat(2_000)}`,
  (p: string) => p.replace('shop', '%73hop'),
  (p: string) => p.replace('shop', '..%2F..%2Fetc'),
  (p: string) => `//${p}`,
  (p: string) => `${p}%00`,
  (p: string) => `${p}/../healthz`,
  (p: string) => p.replace('shop', 'x'.repeat(64)),
  (p: string) => p.replace('policies', 'pol%C3%AFcies'),
  (p: string) => `${p}#frag`,
);
const paths = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...knownPaths) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...knownPaths), pathMutation).map(([p, m]) => m(p)) },
  { weight: 1, arbitrary: fc.webPath() },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => `/${encodeURIComponent(s)}`) },
);

type Auth = 'none' | 'valid' | 'wrong' | 'garbage';
const authorizations: fc.Arbitrary<{ kind: Auth; header?: string }> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.constant({ kind: 'valid' as const, header: `Bearer ${TOKEN}` }),
  fc.constantFrom('Bearer wrong', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `bearer  ${TOKEN}x`, `Bearer ${TOKEN} extra`, 'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlcyI6WyJhZG1pbiJdfQ.', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x').map((header) => ({ kind: 'wrong' as const, header })),
  fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)).map((header) => ({ kind: 'garbage' as const, header })),
);

const commandBody = fc.record(
  {
    to: fc.oneof(fc.constantFrom('northeurope', 'westeurope', 'mars', ''), fc.jsonValue({ maxDepth: 1 }), fc.integer({ min: 1_000, max: 30_000 }).map((n) => 'x'.repeat(n))),
    force: fc.oneof(fc.constant(['target-ready']), fc.constant(['keep-one-endpoint']), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
    reason: fc.oneof(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 1 })),
    operationId: fc.oneof(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 1 })),
    // Mostly dry runs: a real move changes the world for the next case (harmless, but slower).
    dryRun: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }),
    __proto__: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

type RequestBody = NonNullable<RequestInit['body']>;
type BodySpec = { kind: 'none' } | { kind: 'text'; text: string } | { kind: 'endless' } | { kind: 'huge'; bytes: number };
const bodies: fc.Arbitrary<BodySpec> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 6, arbitrary: commandBody.map((b) => ({ kind: 'text' as const, text: JSON.stringify(b) })) },
  { weight: 2, arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 100 }), fc.constantFrom('{', '{"to":', 'null', '[]', '"x"', '\uFEFF{}', '{"to":"northeurope"}{"to":"x"}', `{${'"a":1,'.repeat(3_000)}"b":2}`)).map((text) => ({ kind: 'text' as const, text })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'endless' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 16 * 1024, max: 1024 * 1024 }).map((bytes) => ({ kind: 'huge' as const, bytes })) },
);

function bodyOf(spec: BodySpec): RequestBody | undefined {
  if (spec.kind === 'none') return undefined;
  if (spec.kind === 'text') return spec.text;
  if (spec.kind === 'huge') return '{"reason":"' + 'x'.repeat(spec.bytes) + '"}';
  // Never ends, fast: 4 KiB chunks for as long as someone reads.
  const chunk = new TextEncoder().encode(' '.repeat(4096));
  return new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(chunk) });
}

const headerValue = fc.oneof(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''), fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s)));

interface FuzzRequest {
  method: string;
  path: string;
  auth: { kind: Auth; header?: string };
  contentType: string;
  requestId: string;
  body: BodySpec;
}
/** Mostly the method the route expects (so most cases get past routing), sometimes any. */
const routeAndMethod = paths.chain((path) =>
  fc.record({ path: fc.constant(path), method: fc.oneof({ weight: 3, arbitrary: fc.constant(/\/(approve|failover|failback|resume)$/.test(path) ? 'POST' : 'GET') }, { weight: 1, arbitrary: methods }) }),
);
const requests: fc.Arbitrary<FuzzRequest> = fc.tuple(routeAndMethod, fc.record({ auth: authorizations, contentType: headerValue, requestId: fc.string({ maxLength: 100 }).filter((s) => /^[\x20-\x7e]*$/.test(s)), body: bodies })).map(([route, rest]) => ({ ...route, ...rest }));

function toRequest(r: FuzzRequest): Request {
  const headers = new Headers({ 'content-type': r.contentType, 'x-request-id': r.requestId });
  if (r.auth.header !== undefined) headers.set('authorization', r.auth.header);
  const body = r.method === 'GET' || r.method === 'HEAD' ? undefined : bodyOf(r.body);
  return new Request(`http://aksdr.test${r.path}`, { method: r.method, headers, ...(body !== undefined ? { body, duplex: 'half' } : {}) });
}

const isCommandRoute = (path: string): boolean => /^\/api\/v1\/policies\/[a-z0-9-]{1,63}\/(approve|failover|failback|resume)$/.test(new URL(`http://x${path}`).pathname);

const outcomes: string[] = [];
afterAll(() => {
  if (process.env.AKSDR_FUZZ_DEBUG) console.log(outcomes.join('\n'));
});

describe('the service API as a function, fuzzed', () => {
  let api: ApiWorld;
  beforeAll(() => {
    api = anApi();
  });

  it(
    'client input gets a 2xx or a 4xx with a JSON error; never a 5xx; commands need a valid token',
    async () => {
      await fc.assert(
        fc.asyncProperty(requests, async (r) => {
          const trail = await api.world.store.load('shop.audit').catch(() => undefined);
          const before = JSON.stringify(trail ?? null);
          const response = await api.world.clock.runUntilSettled(api.app(toRequest(r)));
          const shown = `${r.method} ${r.path.slice(0, 200)} auth=${r.auth.kind} body=${JSON.stringify(r.body).slice(0, 200)} → ${response.status}`;
          if (process.env.AKSDR_FUZZ_DEBUG) outcomes.push(`app ${response.status} ${r.method} ${r.path.slice(0, 60)} ${r.auth.kind}`);
          const pathname = new URL(`http://x${r.path}`).pathname;
          // Readiness may truly be 503 (a state of the service, not a fault of the request).
          if (!(pathname === '/readyz' && response.status === 503)) expect(response.status, shown).toBeLessThan(500);
          expect(response.headers.get('x-request-id'), shown).toMatch(/^[\w.-]{1,64}$/);
          const text = r.method === 'HEAD' ? '' : await response.text();
          if (response.status >= 400 && r.method !== 'HEAD') {
            expect(response.headers.get('content-type'), shown).toContain('application/json');
            const document = JSON.parse(text) as { error?: { code?: unknown; message?: unknown }; status?: unknown; reasons?: unknown };
            const error = document.error;
            // Either an error (code and message), or a command's result a rule refused (409/422:
            // its status and the reasons, as the CLI prints them).
            const isError = typeof error?.code === 'string' && typeof error.message === 'string' && error.message.length > 0;
            const isRefusal = isCommandRoute(r.path) && typeof document.status === 'string' && Array.isArray(document.reasons);
            expect(isError || isRefusal, `${shown}: ${text.slice(0, 300)}`).toBe(true);
          }
          expect(text, shown).not.toMatch(/\n\s+at .*:\d+:\d+/);
          if (isCommandRoute(r.path) && r.method === 'POST' && r.auth.kind !== 'valid') {
            expect([401, 403], shown).toContain(response.status);
            const after = JSON.stringify((await api.world.store.load('shop.audit').catch(() => undefined)) ?? null);
            expect(after, `a refused command left a trace it should not: ${shown}`).toBe(before);
          }
        }),
        fuzzParameters(300),
      );
    },
    fuzzTimeout(300, 30),
  );

  it('a body that never ends is refused at the size bound (413), and without a token it is never read (401)', async () => {
    const endless = (): RequestBody => bodyOf({ kind: 'endless' }) as RequestBody;
    const send = (auth?: string): Promise<Response> =>
      api.world.clock.runUntilSettled(api.app(new Request('http://aksdr.test/api/v1/policies/shop/failover', { method: 'POST', headers: auth ? { authorization: auth } : {}, body: endless(), duplex: 'half' })));
    expect((await send(`Bearer ${TOKEN}`)).status).toBe(413);
    expect((await send()).status).toBe(401);
  });
});

describe('the service API on a socket, fuzzed with raw bytes', () => {
  let api: ApiWorld;
  let listening: Listening;
  let port: number;
  beforeAll(async () => {
    api = anApi();
    listening = await listen(api.app, '127.0.0.1', 0);
    port = Number(new URL(listening.url).port);
  });
  afterAll(async () => {
    listening.server.closeAllConnections();
    await listening.close();
  });

  /** Sends raw bytes; resolves with the status line's code (or 0 when the server just closed), within `waitMs`. */
  function raw(bytes: string, waitMs = 2_000): Promise<{ status: number; text: string }> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      const done = (): void => {
        clearTimeout(timer);
        socket.destroy();
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
        resolve({ status: status ? Number(status) : 0, text });
      };
      const timer = setTimeout(done, waitMs);
      socket.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        const head = text.indexOf('\r\n\r\n');
        const length = /\r\ncontent-length: (\d+)/i.exec(text)?.[1];
        if (head >= 0 && length !== undefined && text.length >= head + 4 + Number(length)) done();
      });
      socket.on('error', done);
      socket.on('close', done);
      socket.write(bytes, 'latin1');
    });
  }

  const token = fc.string({ maxLength: 12 }).filter((s) => /^[\x21-\x7e]*$/.test(s));
  const rawRequests = fc.record({
    method: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('GET', 'POST') }, { weight: 2, arbitrary: fc.constantFrom('TRACE', 'CONNECT', 'TRACK', 'PROPFIND', 'DELETE', 'get', 'M-SEARCH', '') }, { weight: 1, arbitrary: token }),
    target: fc.oneof(fc.constantFrom(...knownPaths), fc.constantFrom('*', 'http://evil.example/healthz', '//healthz', '/%', '/%zz', '/\u00ff', 'healthz', '/healthz?%'), fc.webPath()),
    version: fc.oneof({ weight: 4, arbitrary: fc.constant('HTTP/1.1') }, { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1 x') }),
    host: fc.oneof(fc.constant('localhost'), fc.constantFrom('localhost', '127.0.0.1:1', '[::1]', 'a b', '[', ']', '%', 'exa mple.com', '@', ':', 'ü.example', ''), token, fc.constant(undefined)),
    extraHeaders: fc.array(fc.tuple(fc.constantFrom('content-length', 'transfer-encoding', 'authorization', 'x-request-id', 'expect', 'content-type'), fc.oneof(token, fc.constantFrom('chunked', '-1', '99999999999', '0', '100-continue', `Bearer ${TOKEN}`))), { maxLength: 3 }),
    body: fc.string({ maxLength: 40 }),
  });

  it(
    'raw requests: the server answers 2xx/4xx (never 5xx) or drops the connection, and keeps serving',
    async () => {
      await fc.assert(
        fc.asyncProperty(rawRequests, async (r) => {
          const lines = [`${r.method} ${r.target} ${r.version}`];
          if (r.host !== undefined) lines.push(`Host: ${r.host}`);
          for (const [name, value] of r.extraHeaders) lines.push(`${name}: ${value}`);
          const bytes = `${lines.join('\r\n')}\r\n\r\n${r.body}`;
          const { status, text } = await raw(bytes, 500);
          if (process.env.AKSDR_FUZZ_DEBUG) outcomes.push(`raw ${status} ${JSON.stringify(bytes).slice(0, 80)}`);
          const pathname = /^\/readyz/.test(r.target);
          if (status !== 0 && !(pathname && status === 503)) expect(status, `${JSON.stringify(bytes)} → ${text.slice(0, 300)}`).toBeLessThan(500);
          // And the server still answers a plain request.
          expect((await raw('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')).status).toBe(200);
        }),
        fuzzParameters(120),
      );
    },
    fuzzTimeout(120, 600),
  );

  it('a slowloris (headers a byte at a time, never finished) does not stop others from being served', async () => {
    const slow = connect(port, '127.0.0.1');
    slow.on('error', () => undefined);
    slow.write('POST /api/v1/policies/shop/failover HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => slow.write('X'), 20);
    try {
      for (let i = 0; i < 5; i++) expect((await raw('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')).status).toBe(200);
    } finally {
      clearInterval(drip);
      slow.destroy();
    }
  });
});

describe('regressions found by the socket fuzzer', () => {
  let listening: Listening;
  beforeAll(async () => {
    listening = await listen(anApi().app, '127.0.0.1', 0);
  });
  afterAll(async () => {
    await listening.close();
  });

  function send(bytes: string): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect(Number(new URL(listening.url).port), '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
      socket.write(bytes);
    });
  }

  it('a Host header that is no host ("a b") is not a 500: the app never needed it', async () => {
    const answer = await send('GET /healthz HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a method a web Request refuses (TRACE) is a 405 with a JSON error, not a 500', async () => {
    const answer = await send('TRACE /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
    expect(answer).toContain('"code": "MethodNotAllowed"');
  });
});
