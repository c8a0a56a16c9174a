// The service's metrics, derived from what the engine already reports — each cycle's CycleReport and
// each probe cycle's observations — so the engine stays free of metrics code. Registered in the
// registry the service serves on /metrics, never the global default registry.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CycleObservations } from '../core/index.js';
import type { CycleReport } from '../engine/engine.js';

export class ServiceMetrics {
  readonly leader: Gauge<'policy'>;
  readonly regionHealthy: Gauge<'policy' | 'region'>;
  readonly signalLatency: Histogram<'policy' | 'region' | 'signal'>;
  readonly failovers: Counter<'policy' | 'kind' | 'outcome'>;
  readonly operationDuration: Histogram<'policy' | 'kind' | 'outcome'>;
  readonly readinessReady: Gauge<'policy' | 'region' | 'check'>;
  readonly backupAge: Gauge<'policy' | 'region'>;
  readonly policyLoadErrors: Gauge;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly notifications: Counter<'policy' | 'webhook' | 'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.leader = new Gauge({ name: 'aksdr_leader', help: '1 on the replica holding the policy\'s lease (the one acting), 0 elsewhere.', labelNames: ['policy'], registers });
    this.regionHealthy = new Gauge({ name: 'aksdr_region_healthy', help: '1 when the region is Healthy, 0 when Suspect or Unhealthy (as the acting replica evaluates it).', labelNames: ['policy', 'region'], registers });
    this.signalLatency = new Histogram({ name: 'aksdr_signal_latency_seconds', help: 'How long each health probe took, as seen from this replica.', labelNames: ['policy', 'region', 'signal'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16], registers });
    this.failovers = new Counter({ name: 'aksdr_failovers_total', help: 'Operations (failover, failback) finished by this replica, by outcome.', labelNames: ['policy', 'kind', 'outcome'], registers });
    this.operationDuration = new Histogram({ name: 'aksdr_operation_duration_seconds', help: 'From the start of an operation to its end.', labelNames: ['policy', 'kind', 'outcome'], buckets: [10, 30, 60, 120, 300, 600, 900, 1800, 3600], registers });
    this.readinessReady = new Gauge({ name: 'aksdr_readiness_ready', help: '1 when the readiness check passes for the region as a failover target, 0 when it fails or cannot tell.', labelNames: ['policy', 'region', 'check'], registers });
    this.backupAge = new Gauge({ name: 'aksdr_backup_age_seconds', help: 'Age of the newest completed Velero backup the readiness gate found.', labelNames: ['policy', 'region'], registers });
    this.policyLoadErrors = new Gauge({ name: 'aksdr_policy_load_errors', help: 'Policy files in the policies folder that do not load (the last good version of each keeps running).', registers });
    this.httpRequests = new Counter({ name: 'aksdr_http_requests_total', help: 'Requests to the service\'s HTTP API.', labelNames: ['method', 'route', 'status'], registers });
    this.notifications = new Counter({ name: 'aksdr_notifications_total', help: 'Webhook deliveries, by outcome (delivered, dead-lettered).', labelNames: ['policy', 'webhook', 'outcome'], registers });
  }

  /**
   * This replica stopped acting for the policy: its view of health and readiness is no longer
   * refreshed, so the series go rather than linger stale beside the new actor's.
   */
  async forgetActing(policy: string): Promise<void> {
    for (const gauge of [this.regionHealthy, this.readinessReady, this.backupAge] as Gauge<string>[]) {
      for (const { labels } of (await gauge.get()).values) if (labels.policy === policy) gauge.remove(labels);
    }
  }

  recordObservations(policy: string, cycle: CycleObservations): void {
    for (const [region, observations] of Object.entries(cycle.byRegion)) {
      for (const o of observations) this.signalLatency.observe({ policy, region, signal: o.signal }, o.latencyMs / 1000);
    }
  }

  recordCycle(policy: string, report: CycleReport, now: number): void {
    for (const [region, health] of Object.entries(report.health?.regions ?? {})) this.regionHealthy.set({ policy, region }, health.status === 'Healthy' ? 1 : 0);
    for (const [region, readiness] of Object.entries(report.readiness ?? {})) {
      for (const result of readiness.results) {
        this.readinessReady.set({ policy, region, check: result.check }, result.status === 'pass' ? 1 : 0);
        const started = result.check === 'backupFreshness' ? result.evidence.startedAt : undefined;
        if (typeof started === 'string' && !Number.isNaN(Date.parse(started))) this.backupAge.set({ policy, region }, Math.max(0, (now - Date.parse(started)) / 1000));
      }
    }
    for (const outcome of [report.resumed, report.outcome]) {
      if (!outcome) continue;
      const kind = outcome.operationId.includes('-failback-') ? 'failback' : 'failover';
      const labels = { policy, kind, outcome: outcome.result };
      this.failovers.inc(labels);
      const startedAt = operationStart(report);
      if (startedAt !== undefined) this.operationDuration.observe(labels, Math.max(0, (now - startedAt) / 1000));
    }
  }
}

function operationStart(report: CycleReport): number | undefined {
  const states = [report.previous, report.decision?.next];
  for (const state of states) if (state && (state.kind === 'FailingOver' || state.kind === 'FailingBack')) return state.startedAt;
  return undefined;
}
