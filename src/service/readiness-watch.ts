// "Readiness lost": the core's decisions carry no event for a standby that stops being fit to take
// the traffic, so the service derives it from what the cycles and the scheduled audits report — one
// `readiness.failed` when a region goes from ready (or never seen) to not ready, none while it stays
// so, and it re-arms once the region is ready again.
import { blockingResults, type ReadinessReport } from '../core/index.js';
import type { EventInput } from '../notify/notifier.js';
import type { FailoverPolicy } from '../policy/index.js';

export class ReadinessWatch {
  private readonly notReady = new Set<string>();
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly policy: FailoverPolicy) {}

  update(report: ReadinessReport): EventInput | undefined {
    // A cached report seen again is not news.
    if ((this.seenAt.get(report.target) ?? -1) >= report.at) return undefined;
    this.seenAt.set(report.target, report.at);
    const repairable = this.policy.spec.readiness.capacity?.scaleUp ? (['capacity'] as const) : [];
    const blocking = blockingResults(report, { repairable });
    if (blocking.length === 0) {
      this.notReady.delete(report.target);
      return undefined;
    }
    if (this.notReady.has(report.target)) return undefined;
    this.notReady.add(report.target);
    const what = blocking.map((r) => `${r.check}: ${r.status} (${r.reason})`).join('; ');
    return { event: 'readiness.failed', severity: 'warning', region: report.target, message: `${report.target} is not ready to take the traffic: ${what}` };
  }
}
