// Turns what the Azure SDKs and @azure/identity throw into AdapterErrors with a stable code.
import { AdapterError, isAdapterError } from '../core/ports/adapter-error.js';
import type { CallOptions } from '../core/ports/call-options.js';
import { deadlineOf, isAbortError, type Deadline } from '../core/ports/deadline.js';
import { codeOfStatus, firstLine, networkCodeOf, retryAfterMsOf } from '../core/ports/http-failure.js';
import { responseTooLargeAdapterError } from './response-size-cap.js';

interface RestErrorLike {
  name: string;
  message: string;
  code?: string;
  statusCode?: number;
  response?: { headers: { get(name: string): string | undefined } };
}

/** Maps any failure of an ARM call; a caller's own cancellation is rethrown unchanged. */
export function armError(error: unknown, operation: string, deadline: Deadline): AdapterError {
  if (isAdapterError(error)) return error;
  const base = { target: 'arm', operation, cause: error };
  if (deadline.timedOut()) return new AdapterError('Timeout', `${operation} did not finish within ${deadline.timeoutInMs ?? '?'} ms`, base);
  if (isAbortError(error)) throw error;
  const tooLarge = responseTooLargeAdapterError(error, 'arm', operation);
  if (tooLarge) return tooLarge;
  if (!(error instanceof Error)) return new AdapterError('Unknown', `${operation} failed: ${String(error)}`, base);

  if (error.name === 'AuthenticationError' || error.name === 'CredentialUnavailableError' || error.name === 'AggregateAuthenticationError') {
    return new AdapterError('Unauthorized', `${operation}: could not get a token for Azure Resource Manager: ${firstLine(error.message)}`, base);
  }
  const rest = error as RestErrorLike;
  if (typeof rest.statusCode === 'number') {
    const retryAfterMs = rest.response ? retryAfterMsOf((name) => rest.response?.headers.get(name)) : undefined;
    const code = codeOfStatus(rest.statusCode);
    const detail = rest.code ? `${rest.code}: ${firstLine(rest.message)}` : firstLine(rest.message);
    return new AdapterError(code, `${operation} failed with HTTP ${rest.statusCode} (${detail})`, {
      ...base,
      statusCode: rest.statusCode,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  const networkCode = networkCodeOf(error);
  if (networkCode) {
    return new AdapterError('Unavailable', `${operation}: cannot reach Azure Resource Manager (${networkCode}: ${firstLine(rest.message)})`, base);
  }
  return new AdapterError('Unknown', `${operation} failed: ${firstLine(error.message)}`, base);
}

/** One ARM call under the caller's deadline (or `defaultTimeoutInMs`), its failures as AdapterErrors. */
export async function callArm<T>(operation: string, options: CallOptions | undefined, defaultTimeoutInMs: number, call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  const deadline = deadlineOf(options, defaultTimeoutInMs);
  try {
    return await call(deadline.signal);
  } catch (error) {
    throw armError(error, operation, deadline);
  }
}
