// How an HTTP answer maps onto AdapterError codes, and how long a server asked us to wait —
// shared by the ARM and Kubernetes adapters so both speak the same language about failures.
import type { AdapterErrorCode } from './adapter-error.js';

export function codeOfStatus(status: number): AdapterErrorCode {
  if (status === 404) return 'NotFound';
  if (status === 401 || status === 403) return 'Unauthorized';
  if (status === 429) return 'Throttled';
  if (status === 408 || status === 504) return 'Timeout';
  if (status === 409 || status === 412) return 'Conflict';
  if (status >= 500) return 'Unavailable';
  if (status >= 400) return 'BadRequest';
  return 'Unknown';
}

/** Milliseconds from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date). */
export function retryAfterMsOf(get: (name: string) => string | undefined | null, now: () => number = Date.now): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const text = get(name);
    const value = Number(text);
    if (text && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = get('retry-after');
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The network-level code (ECONNREFUSED, UND_ERR_SOCKET, a TLS code …) somewhere in an error's cause chain. */
export function networkCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (networkCodes.has(code) || code.startsWith('UND_ERR') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code))) return code;
    current = current.cause;
  }
  return undefined;
}

export function firstLine(text: string, max = 300): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
