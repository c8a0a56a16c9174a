// Gentleness towards one Kubernetes API server: every call gets a deadline, is counted, has its
// failure mapped to an AdapterError, and goes through a cockatiel circuit breaker. When the server
// timed out, answered 429 or could not be reached, the breaker opens and the following calls fail
// fast with `Unavailable` (circuitOpen) for a while instead of piling onto a struggling server.
// One guard per cluster, shared by the cluster's KubernetesPort and VeleroPort.
import { CircuitState, ConsecutiveBreaker, DelegateBackoff, circuitBreaker, handleWhen, isBrokenCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import { AdapterError, isAdapterError } from '../core/ports/adapter-error.js';
import type { CallOptions } from '../core/ports/call-options.js';
import { deadlineOf } from '../core/ports/deadline.js';
import { noRequestRecorder, outcomeOf, type RequestRecorder } from '../metrics/request-counter.js';
import { kubeError } from './kube-errors.js';

export interface ApiServerGuardOptions {
  /** Label for metrics and messages (the AKS cluster name). */
  cluster: string;
  recorder?: RequestRecorder;
  /** Per-call timeout when the caller gives none (default 10 s). */
  defaultTimeoutInMs?: number;
  /** Consecutive timeouts / 429s / unreachable answers that open the breaker (default 1: a struggling server is left alone at once). */
  consecutiveFailures?: number;
  /** How long the breaker stays open before one trial call (default 15 s; a longer Retry-After wins). */
  halfOpenAfterInMs?: number;
  now?: () => number;
}

export class ApiServerGuard {
  readonly cluster: string;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly recorder: RequestRecorder;
  private readonly defaultTimeoutInMs: number;
  private readonly now: () => number;

  constructor(options: ApiServerGuardOptions) {
    this.cluster = options.cluster;
    this.recorder = options.recorder ?? noRequestRecorder;
    this.defaultTimeoutInMs = options.defaultTimeoutInMs ?? 10_000;
    this.now = options.now ?? (() => performance.now());
    const halfOpenAfterInMs = options.halfOpenAfterInMs ?? 15_000;
    this.breaker = circuitBreaker(handleWhen(opensBreaker), {
      breaker: new ConsecutiveBreaker(options.consecutiveFailures ?? 1),
      halfOpenAfter: new DelegateBackoff<{ result: { error: unknown } | { value: unknown } }>((context) => {
        const error = 'error' in context.result ? context.result.error : undefined;
        const retryAfterMs = isAdapterError(error) ? (error.retryAfterMs ?? 0) : 0;
        return Math.max(halfOpenAfterInMs, retryAfterMs);
      }),
    });
  }

  /** True while calls are being refused. */
  get isOpen(): boolean {
    return this.breaker.state === CircuitState.Open || this.breaker.state === CircuitState.Isolated;
  }

  /** Runs one request against the API server. `fn` gets the signal to hand to client-node. */
  async call<T>(operation: string, options: CallOptions | undefined, fn: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    options?.abortSignal?.throwIfAborted();
    const deadline = deadlineOf(options, this.defaultTimeoutInMs);
    try {
      return await this.breaker.execute(async () => {
        const started = this.now();
        try {
          const result = await fn(deadline.signal);
          this.recorder.record({ target: 'kubernetes', cluster: this.cluster, operation, outcome: 'success', durationInMs: this.now() - started });
          return result;
        } catch (error) {
          let mapped: AdapterError;
          try {
            mapped = kubeError(error, operation, this.cluster, deadline);
          } catch (abort) {
            this.recorder.record({ target: 'kubernetes', cluster: this.cluster, operation, outcome: 'aborted', durationInMs: this.now() - started });
            throw abort;
          }
          this.recorder.record({ target: 'kubernetes', cluster: this.cluster, operation, outcome: outcomeOf(mapped.code), durationInMs: this.now() - started });
          throw mapped;
        }
      });
    } catch (error) {
      if (isBrokenCircuitError(error)) {
        throw new AdapterError('Unavailable', `${operation}: the API server of cluster ${this.cluster} failed recently (timeout, 429 or unreachable); aksdr is leaving it alone for a while`, {
          target: 'kubernetes',
          operation,
          circuitOpen: true,
        });
      }
      throw error;
    }
  }
}

/**
 * What says "leave this server alone": a timeout, a 429, or a server that cannot be reached at all.
 * Not an error the server answered quickly (a 503 or 500 now and then): backing off on those would
 * blind every Kubernetes signal of the cluster for a while after a single blip, and a flaky region
 * would then look down.
 */
function opensBreaker(error: unknown): boolean {
  if (!isAdapterError(error) || error.circuitOpen) return false;
  if (error.code === 'Timeout' || error.code === 'Throttled') return true;
  return error.code === 'Unavailable' && error.statusCode === undefined;
}
