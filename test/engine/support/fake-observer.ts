// A scriptable Observer and ReadinessChecker for engine tests: regions are up unless marked down,
// targets ready unless a check is made to fail; every call is counted.
import type { CycleObservations, Observation, ReadinessCheckName, ReadinessReport, ReadinessStatus, RegionName } from '../../../src/core/index.js';
import { readinessCheckNames } from '../../../src/core/index.js';
import type { Observer, ReadinessChecker } from '../../../src/core/ports/observer-port.js';
import type { FailoverPolicy } from '../../../src/policy/index.js';
import type { Clock } from '../../../src/engine/clock.js';
import type { TrafficManagerPort } from '../../../src/core/ports/traffic-manager-port.js';
import { routingViewOf } from '../../../src/probes/traffic-manager-probe.js';

export class FakeObserver implements Observer {
  readonly down = new Set<RegionName>();
  /** `region/signal` → how many more observations fail that one signal (Infinity: until removed). */
  readonly failing = new Map<string, number>();
  calls = 0;
  /** Where the profile is read for `routing` (the world's Traffic Manager); none: no routing view. */
  trafficManager: TrafficManagerPort | undefined;
  constructor(private readonly clock: Clock) {}

  async observe(policy: FailoverPolicy): Promise<CycleObservations> {
    const cycle = await this.observeRegions(policy);
    if (!this.trafficManager) return cycle;
    const profile = await this.trafficManager.getProfile(policy.spec.trafficManager.profile);
    return { ...cycle, routing: routingViewOf(policy, profile, this.clock.now()) };
  }

  private observeRegions(policy: FailoverPolicy): Promise<CycleObservations> {
    this.calls++;
    const at = this.clock.now();
    const byRegion: Record<RegionName, Observation[]> = {};
    for (const { name } of policy.spec.regions) {
      byRegion[name] = policy.spec.health.signals.map((signal) => {
        const left = this.failing.get(`${name}/${signal}`) ?? 0;
        if (left > 0) this.failing.set(`${name}/${signal}`, left - 1);
        const ok = !this.down.has(name) && left <= 0;
        return { region: name, signal, ok, latencyMs: 5, reason: ok ? 'ok' : this.down.has(name) ? 'region down' : `${signal} failing`, at };
      });
    }
    return Promise.resolve({ at, byRegion });
  }
}

export class FakeReadiness implements ReadinessChecker {
  readonly failing = new Map<RegionName, Map<ReadinessCheckName, { status: ReadinessStatus; reason: string }>>();
  readonly calls: RegionName[] = [];
  constructor(private readonly clock: Clock) {}

  fail(region: RegionName, check: ReadinessCheckName, reason: string, status: ReadinessStatus = 'fail'): void {
    const checks = this.failing.get(region) ?? new Map<ReadinessCheckName, { status: ReadinessStatus; reason: string }>();
    checks.set(check, { status, reason });
    this.failing.set(region, checks);
  }

  heal(): void {
    this.failing.clear();
  }

  check(_policy: FailoverPolicy, target: RegionName): Promise<ReadinessReport> {
    this.calls.push(target);
    const results = readinessCheckNames.map((check) => {
      const failed = this.failing.get(target)?.get(check);
      return { check, region: target, status: failed?.status ?? ('pass' as const), reason: failed?.reason ?? 'ok', evidence: {} };
    });
    return Promise.resolve({ target, at: this.clock.now(), results });
  }
}
