// Retries of transient adapter failures (throttling, 5xx, timeouts) with exponential backoff that
// honours the server's Retry-After. cockatiel decides whether and how long to wait; the wait itself
// runs on the engine's Clock (cockatiel's own timer is handed 0 ms), so tests on a fake clock never
// sleep for real and a Retry-After of 30 s costs no wall time in them.
import { handleWhen, retry, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';
import { isAdapterError, isTransientAdapterError } from '../../core/ports/adapter-error.js';
import type { Clock } from '../clock.js';

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetrySettings: RetrySettings = { maxRetries: 6, initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** The wait before retry `attempt` (1-based): the server's Retry-After when it sent one, else exponential. */
export function backoffDelayMs(settings: RetrySettings, attempt: number, error: unknown): number {
  const exponential = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** (attempt - 1));
  if (isAdapterError(error) && error.retryAfterMs !== undefined) return Math.min(Math.max(error.retryAfterMs, 0), Math.max(settings.maxDelayMs, error.retryAfterMs));
  return exponential;
}

class ClockBackoff implements IBackoff<IRetryBackoffContext<unknown>> {
  readonly duration = 0;
  constructor(
    private readonly settings: RetrySettings,
    private readonly onDelay: (delayMs: number, attempt: number, error: unknown) => void,
    context: IRetryBackoffContext<unknown>,
  ) {
    const error = 'error' in context.result ? context.result.error : undefined;
    this.onDelay(backoffDelayMs(settings, context.attempt, error), context.attempt, error);
  }
  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    return new ClockBackoff(this.settings, this.onDelay, context);
  }
}

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: unknown;
}

/** Runs `fn`, retrying transient adapter errors; the delay between attempts is slept on `clock`. */
export async function callWithRetry<T>(clock: Clock, settings: RetrySettings, signal: AbortSignal | undefined, fn: (signal: AbortSignal | undefined) => Promise<T>, onRetry?: (event: RetryEvent) => void): Promise<T> {
  let pendingDelayMs = 0;
  const factory: IBackoffFactory<IRetryBackoffContext<unknown>> = {
    next: (context) =>
      new ClockBackoff(
        settings,
        (delayMs, attempt, error) => {
          pendingDelayMs = delayMs;
          onRetry?.({ attempt, delayMs, error });
        },
        context,
      ),
  };
  const policy = retry(handleWhen(isTransientAdapterError), { maxAttempts: settings.maxRetries, backoff: factory });
  return policy.execute(async ({ attempt }) => {
    if (attempt > 0 && pendingDelayMs > 0) await clock.sleep(pendingDelayMs, signal);
    return fn(signal);
  }, signal);
}
