// Accounting of every request aksdr sends to Azure Resource Manager and to the Kubernetes API servers
// it watches: how many, to which cluster, for what, how they ended, and how long they took. The
// design promises to be gentle with struggling API servers; these numbers are how we keep that promise.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { AdapterErrorCode } from '../core/ports/adapter-error.js';

export type RequestTarget = 'arm' | 'kubernetes';

/** `success`, or the AdapterError code in snake case (`not_found`, `throttled`, …), or `aborted`. */
export type RequestOutcome = 'success' | 'aborted' | SnakeCode;
type SnakeCode = 'not_found' | 'unauthorized' | 'throttled' | 'unavailable' | 'timeout' | 'bad_request' | 'conflict' | 'unknown';

export interface RequestObservation {
  target: RequestTarget;
  /** Cluster name (Kubernetes; ARM requests on a managed cluster), empty otherwise. */
  cluster: string;
  operation: string;
  outcome: RequestOutcome;
  durationInMs: number;
}

export interface RequestRecorder {
  record(observation: RequestObservation): void;
}

export const requestsTotalName = 'aksdr_requests_total';
export const requestDurationName = 'aksdr_request_duration_seconds';

export class RequestCounter implements RequestRecorder {
  private readonly total: Counter<'target' | 'cluster' | 'operation' | 'outcome'>;
  private readonly duration: Histogram<'target' | 'cluster' | 'operation'>;

  /** Registers (or reuses) the metrics in `registry`; never the global default registry. */
  constructor(registry: Registry) {
    this.total =
      (registry.getSingleMetric(requestsTotalName) as Counter<'target' | 'cluster' | 'operation' | 'outcome'> | undefined) ??
      new Counter({
        name: requestsTotalName,
        help: 'Requests sent to Azure Resource Manager and Kubernetes API servers, by outcome.',
        labelNames: ['target', 'cluster', 'operation', 'outcome'],
        registers: [registry],
      });
    this.duration =
      (registry.getSingleMetric(requestDurationName) as Histogram<'target' | 'cluster' | 'operation'> | undefined) ??
      new Histogram({
        name: requestDurationName,
        help: 'Latency of requests sent to Azure Resource Manager and Kubernetes API servers.',
        labelNames: ['target', 'cluster', 'operation'],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      });
  }

  record({ target, cluster, operation, outcome, durationInMs }: RequestObservation): void {
    this.total.inc({ target, cluster, operation, outcome });
    this.duration.observe({ target, cluster, operation }, durationInMs / 1000);
  }
}

/** Records nothing; for callers that do not want accounting. */
export const noRequestRecorder: RequestRecorder = { record: () => undefined };

const snake: Record<AdapterErrorCode, SnakeCode> = {
  NotFound: 'not_found',
  Unauthorized: 'unauthorized',
  Throttled: 'throttled',
  Unavailable: 'unavailable',
  Timeout: 'timeout',
  BadRequest: 'bad_request',
  Conflict: 'conflict',
  Unknown: 'unknown',
};

export function outcomeOf(code: AdapterErrorCode): RequestOutcome {
  return snake[code];
}
