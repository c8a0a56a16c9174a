// The one mapping from errors to HTTP responses. Errors that know their response (HttpError) say
// it; anything else is a bug or an outage: a 500 with a request id, logged with that id, and never
// the error's text (it could carry a detail a caller should not see).
import type { Logger } from 'pino';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

export function errorResponse(error: unknown, requestId: string, logger?: Logger): Response {
  if (isHttpError(error)) return jsonResponse(error.status, { error: { code: error.code, message: error.message }, requestId }, { 'x-request-id': requestId, ...error.headers });
  logger?.error({ err: error, requestId }, 'request failed');
  return jsonResponse(500, { error: { code: 'InternalError', message: `internal error; quote request id ${requestId} when reporting it` }, requestId }, { 'x-request-id': requestId });
}
