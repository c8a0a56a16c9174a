// Shared machinery of the in-memory port fakes: failures queued for the next calls, simulated latency
// that honours `abortSignal` and `timeoutInMs` exactly as the real adapters do (a timeout becomes a
// `Timeout` AdapterError, a caller's own cancellation stays an AbortError).
import { AdapterError } from '../adapter-error.js';
import type { CallOptions } from '../call-options.js';
import { deadlineOf } from '../deadline.js';

export class FakeFaults {
  private readonly queued: { operation: string; error: AdapterError; remaining: number }[] = [];

  /** The next `times` calls of `operation` ('*' = any) fail with `error`. */
  failNext(operation: string, error: AdapterError, times = 1): void {
    this.queued.push({ operation, error, remaining: times });
  }

  clear(): void {
    this.queued.length = 0;
  }

  take(operation: string): AdapterError | undefined {
    const entry = this.queued.find((q) => q.remaining > 0 && (q.operation === operation || q.operation === '*'));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queued.splice(this.queued.indexOf(entry), 1);
    return entry.error;
  }
}

export interface FakeCallSettings {
  target: 'arm' | 'kubernetes';
  operation: string;
  faults: FakeFaults;
  latencyInMs?: number;
  defaultTimeoutInMs?: number;
}

export async function fakeCall<T>(settings: FakeCallSettings, options: CallOptions | undefined, fn: () => T | Promise<T>): Promise<T> {
  options?.abortSignal?.throwIfAborted();
  const deadline = deadlineOf(options, settings.defaultTimeoutInMs);
  const latency = settings.latencyInMs ?? 0;
  if (latency > 0) {
    try {
      await sleep(latency, deadline.signal);
    } catch (error) {
      if (deadline.timedOut()) {
        throw new AdapterError('Timeout', `${settings.operation} did not answer within ${deadline.timeoutInMs ?? '?'} ms`, { target: settings.target, operation: settings.operation });
      }
      throw error;
    }
  }
  const injected = settings.faults.take(settings.operation);
  if (injected) throw injected;
  return fn();
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function notFound(target: 'arm' | 'kubernetes', operation: string, what: string): AdapterError {
  return new AdapterError('NotFound', `${operation}: ${what} not found`, { target, operation, statusCode: 404 });
}

export function badRequest(target: 'arm' | 'kubernetes', operation: string, message: string): AdapterError {
  return new AdapterError('BadRequest', `${operation}: ${message}`, { target, operation, statusCode: 400 });
}
