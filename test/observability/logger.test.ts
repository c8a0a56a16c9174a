import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/observability/logger.js';

function capture(): { stream: Writable; lines: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => out };
}

describe('logs never carry secrets', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmNkZWZnaCJ9.c2lnbmF0dXJlLWJ5dGVz';

  it('redacts secret fields at any of the usual depths', () => {
    const { stream, lines } = capture();
    const log = createLogger({ destination: stream });
    log.info({ clientSecret: 's3cr3t', request: { authorization: 'Bearer abc' }, deep: { creds: { token: 'tok' } } }, 'calling ARM');
    const text = lines();
    expect(text).toContain('calling ARM');
    expect(text).not.toMatch(/s3cr3t|Bearer abc|"tok"/);
    expect(text).toContain('[REDACTED]');
  });

  it('masks bearer tokens and JWTs inside messages and error texts', () => {
    const { stream, lines } = capture();
    const log = createLogger({ destination: stream });
    log.warn(`request failed with header Authorization: Bearer ${jwt}`);
    log.error({ err: new Error(`401 for token ${jwt}`) }, 'probe failed');
    expect(lines()).not.toContain(jwt);
    expect(lines()).toMatch(/\[redacted/i);
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('westeurope apiServer /readyz 503 in 120 ms')).toBe('westeurope apiServer /readyz 503 in 120 ms');
  });
});
