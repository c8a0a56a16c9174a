// Turns what @kubernetes/client-node throws (ApiException with the HTTP status and a Status body,
// undici network errors, aborts) into AdapterErrors with a stable code.
import { AdapterError, isAdapterError } from '../core/ports/adapter-error.js';
import { isAbortError, type Deadline } from '../core/ports/deadline.js';
import { codeOfStatus, firstLine, networkCodeOf, retryAfterMsOf } from '../core/ports/http-failure.js';
import { responseTooLargeAdapterError } from '../azure/response-size-cap.js';

interface ApiExceptionLike {
  code: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function isApiException(error: unknown): error is Error & ApiExceptionLike {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number' && 'body' in error;
}

export function kubeError(error: unknown, operation: string, cluster: string, deadline: Deadline): AdapterError {
  if (isAdapterError(error)) return error;
  const base = { target: 'kubernetes', operation, cause: error };
  const where = cluster ? ` on cluster ${cluster}` : '';
  if (deadline.timedOut()) return new AdapterError('Timeout', `${operation}${where} did not answer within ${deadline.timeoutInMs ?? '?'} ms`, base);
  if (isAbortError(error)) throw error;
  const tooLarge = responseTooLargeAdapterError(error, 'kubernetes', operation, where);
  if (tooLarge) return tooLarge;
  if (isApiException(error)) {
    const headers = error.headers ?? {};
    const retryAfterMs = retryAfterMsOf((name) => headers[name] ?? headers[name.toLowerCase()]);
    return new AdapterError(codeOfStatus(error.code), `${operation}${where} failed with HTTP ${error.code}${statusMessage(error.body)}`, {
      ...base,
      statusCode: error.code,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  const networkCode = networkCodeOf(error);
  if (networkCode) return new AdapterError('Unavailable', `${operation}${where}: cannot reach the API server (${networkCode})`, base);
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  // undici reports a connection it could not make as `TypeError: fetch failed` (details in `cause`).
  if (error instanceof Error && (message === 'fetch failed' || message.startsWith('Error occurred in health request'))) {
    return new AdapterError('Unavailable', `${operation}${where}: cannot reach the API server (${causeText(error)})`, base);
  }
  return new AdapterError('Unknown', `${operation}${where} failed: ${message}`, base);
}

/** `: <message>` from a Kubernetes Status object (kept short), or from a plain text body. */
function statusMessage(body: unknown): string {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() ? `: ${firstLine(body, 200)}` : '';
    }
  }
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? `: ${firstLine(message, 200)}` : '';
}

function causeText(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error) return firstLine(cause.message, 200) || cause.name;
  return firstLine(error.message, 200);
}
