// Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the secret from the environment
// variable the policy names. The timestamp (Unix seconds, also sent as a header) is inside the MAC, so
// a receiver that refuses timestamps older than a few minutes cannot be fed a replayed delivery.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-aksdr-signature';
export const timestampHeader = 'x-aksdr-timestamp';

export function signBody(secret: string, timestampInSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampInSeconds}.${body}`).digest('hex')}`;
}

/** What a receiver does (and what our tests do): check the MAC and the age. */
export function verifySignature(secret: string, headers: { signature: string; timestamp: string }, body: string, nowInSeconds: number, toleranceInSeconds = 300): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowInSeconds - ts) > toleranceInSeconds) return false;
  const expected = Buffer.from(signBody(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
