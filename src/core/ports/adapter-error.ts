// The one error every port throws when the remote system fails: a stable `code` the core can branch
// on, the HTTP status when there was one, how long the server asked us to wait, and the cause —
// always scrubbed of bearer tokens, because these errors end up in logs, journals and reports.

export const adapterErrorCodes = ['NotFound', 'Unauthorized', 'Throttled', 'Unavailable', 'Timeout', 'BadRequest', 'Conflict', 'Unknown'] as const;
export type AdapterErrorCode = (typeof adapterErrorCodes)[number];

export interface AdapterErrorOptions {
  statusCode?: number;
  retryAfterMs?: number;
  /** The target system, e.g. `arm` or `kubernetes`, for messages and metrics. */
  target?: string;
  /** What was being done, e.g. `getProfile`. */
  operation?: string;
  /** True when the call never left the process because a circuit breaker is open. */
  circuitOpen?: boolean;
  cause?: unknown;
}

const adapterErrorMarker = Symbol.for('aksdr.AdapterError');

export class AdapterError extends Error {
  readonly [adapterErrorMarker] = true;
  override readonly name = 'AdapterError';
  readonly code: AdapterErrorCode;
  readonly statusCode?: number;
  readonly retryAfterMs?: number;
  readonly target?: string;
  readonly operation?: string;
  readonly circuitOpen: boolean;

  constructor(code: AdapterErrorCode, message: string, options: AdapterErrorOptions = {}) {
    super(scrubSecrets(message), options.cause === undefined ? undefined : { cause: scrubCause(options.cause) });
    this.code = code;
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.target !== undefined) this.target = options.target;
    if (options.operation !== undefined) this.operation = options.operation;
    this.circuitOpen = options.circuitOpen ?? false;
  }
}

export function isAdapterError(error: unknown): error is AdapterError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[adapterErrorMarker] === true;
}

/** Codes worth trying again later (the remote side may recover on its own). */
export function isTransientAdapterError(error: unknown): boolean {
  return isAdapterError(error) && (error.code === 'Throttled' || error.code === 'Unavailable' || error.code === 'Timeout');
}

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const SECRET_FIELD = /("?(?:access_token|refresh_token|client_secret|token|password)"?\s*[:=]\s*"?)[^",\s&}]+/gi;

/** Removes bearer tokens, JWTs and secret-looking fields from text meant for people and logs. */
export function scrubSecrets(text: string): string {
  return text.replace(BEARER, '$1 [redacted]').replace(JWT, '[redacted-jwt]').replace(SECRET_FIELD, '$1[redacted]');
}

/**
 * A plain copy of the cause with scrubbed text. SDK errors hold the request (and its Authorization
 * header) on their own properties; a log serializer that walks `cause` must never reach it.
 */
function scrubCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? scrubSecrets(cause) : cause;
  if (isAdapterError(cause)) return cause;
  const copy = new Error(scrubSecrets(cause.message), cause.cause === undefined ? undefined : { cause: scrubCause(cause.cause) });
  copy.name = cause.name;
  copy.stack = cause.stack === undefined ? undefined : scrubSecrets(cause.stack);
  const { code, statusCode } = cause as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  if (typeof statusCode === 'number') Object.assign(copy, { statusCode });
  return copy;
}
