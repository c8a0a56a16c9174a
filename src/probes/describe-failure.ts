// Turns whatever a probe's call failed with into a reason a person understands at a glance:
// "timeout after 1000 ms", "connection reset", "HTTP 504 from Azure Resource Manager: …".
import { isAdapterError } from '../core/ports/adapter-error.js';
import { isAbortError } from '../core/ports/deadline.js';
import { firstLine, networkCodeOf } from '../core/ports/http-failure.js';

const networkTexts: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (try again)',
  ETIMEDOUT: 'connection timed out',
  ESOCKETTIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed while sending',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** The person-readable text of a network error code, e.g. `connection reset`. */
export function describeNetworkCode(code: string): string {
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `TLS certificate not trusted (${code})`;
  if (code.startsWith('ERR_TLS')) return `TLS handshake failed (${code})`;
  return networkTexts[code] ?? code;
}

const codeInText = /\b(ECONNRESET|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH)\b/;

/**
 * Why a call failed. `timeoutInMs` is the probe's own bound: any timeout or abort that ended the
 * call is reported as "timeout after N ms" (the probe is the one that gave up).
 */
export function describeFailure(error: unknown, timeoutInMs: number): string {
  if (isAdapterError(error)) {
    if (error.circuitOpen) return 'backing off: the API server failed recently';
    // A 408/504 the service answered is its own timeout, not ours: say what it said.
    if (error.code === 'Timeout') return error.statusCode === undefined ? `timeout after ${timeoutInMs} ms` : firstLine(error.message, 200);
    const network = networkCodeOf(error) ?? codeInText.exec(error.message)?.[1];
    if (network) return describeNetworkCode(network);
    if (error.code === 'Throttled') {
      const wait = error.retryAfterMs === undefined ? '' : `, retry after ${Math.ceil(error.retryAfterMs / 1000)} s`;
      return `throttled (HTTP 429${wait})`;
    }
    return firstLine(error.message, 200);
  }
  if (isAbortError(error)) return `timeout after ${timeoutInMs} ms`;
  const network = networkCodeOf(error);
  if (network) return describeNetworkCode(network);
  if (error instanceof Error) {
    const inText = codeInText.exec(error.message)?.[1];
    if (inText) return describeNetworkCode(inText);
    if (error.message === 'socket hang up') return 'connection reset';
    return firstLine(error.message, 200);
  }
  return String(error);
}
