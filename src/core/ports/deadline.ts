// How adapters read `CallOptions`: one signal that fires on the caller's abort or on the timeout,
// and a way to tell afterwards which of the two it was (a timeout is a `Timeout` error; a caller's
// own cancellation is passed through as the AbortError it is).
import type { CallOptions } from './call-options.js';

export interface Deadline {
  /** Undefined when there is neither a caller signal nor a timeout. */
  signal: AbortSignal | undefined;
  timeoutInMs: number | undefined;
  /** True when the call was stopped by a timeout (ours, or the caller's `AbortSignal.timeout`). */
  timedOut(): boolean;
}

export function deadlineOf(options: CallOptions | undefined, defaultTimeoutInMs?: number): Deadline {
  const timeoutInMs = options?.timeoutInMs ?? defaultTimeoutInMs;
  const timeoutSignal = timeoutInMs !== undefined && timeoutInMs > 0 && Number.isFinite(timeoutInMs) ? AbortSignal.timeout(timeoutInMs) : undefined;
  const signals = [options?.abortSignal, timeoutSignal].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  return {
    signal,
    timeoutInMs,
    timedOut: () => {
      if (timeoutSignal?.aborted) return true;
      const reason: unknown = options?.abortSignal?.aborted ? options.abortSignal.reason : undefined;
      return reason instanceof Error && reason.name === 'TimeoutError';
    },
  };
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
