// Builders for decide() inputs: region health by status, readiness reports, engine states.
import type { FailoverPolicy } from '../../../src/policy/schema.js';
import type { HealthState, HealthStatus, RegionHealth } from '../../../src/core/health/health-state.js';
import type { ReadinessCheckName, ReadinessReport, ReadinessResult, ReadinessStatus } from '../../../src/core/readiness.js';
import { readinessCheckNames } from '../../../src/core/readiness.js';
import { initialEngineState, type EngineState, type FailedOverState } from '../../../src/core/decide/engine-state.js';
import { failedOverEndpoints } from '../../../src/core/plan/endpoints.js';
import type { DecideInput } from '../../../src/core/decide/decide-context.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** 2026-11-23T14:00:00Z: the fake clock's "now" in most tests. */
export const T0 = Date.UTC(2026, 10, 23, 14, 0, 0);

export class HealthBuilder {
  private readonly regions: Record<string, RegionHealth> = {};
  constructor(
    policy: FailoverPolicy,
    private readonly now: number,
  ) {
    for (const { name } of policy.spec.regions) this.set(name, 'Healthy', { healthySince: now - 24 * HOUR });
  }
  set(region: string, status: HealthStatus, extra: Partial<RegionHealth> = {}): this {
    const failed = status !== 'Healthy';
    this.regions[region] = {
      region,
      status,
      since: this.now - 10 * MINUTE,
      ...(status === 'Healthy' ? { healthySince: this.now - 24 * HOUR } : { unhealthySince: this.now - 10 * MINUTE }),
      consecutiveFailed: failed ? 3 : 0,
      consecutivePassed: failed ? 0 : 30,
      recent: [],
      ...extra,
    };
    return this;
  }
  healthy(region: string, healthySince = this.now - 24 * HOUR): this {
    return this.set(region, 'Healthy', { healthySince, since: healthySince });
  }
  unhealthy(region: string): this {
    return this.set(region, 'Unhealthy');
  }
  suspect(region: string): this {
    return this.set(region, 'Suspect');
  }
  /** Azure's monitor sees the region Online (true) or not. */
  trafficManagerSees(region: string, online: boolean, lagSeconds?: number): this {
    const current = this.regions[region];
    if (current) current.trafficManager = { signal: 'trafficManager', ok: online, reason: online ? 'Online' : 'Degraded', ...(lagSeconds !== undefined ? { lagSeconds } : {}) };
    return this;
  }
  /** The region has failed this many evaluations in a row. */
  failedFor(region: string, evaluations: number): this {
    const current = this.regions[region];
    if (current) current.consecutiveFailed = evaluations;
    return this;
  }
  build(): HealthState {
    return { at: this.now, regions: structuredClone(this.regions) };
  }
}

export function aHealth(policy: FailoverPolicy, now = T0): HealthBuilder {
  return new HealthBuilder(policy, now);
}

export class ReadinessBuilder {
  private readonly results = new Map<ReadinessCheckName, ReadinessResult>();
  constructor(
    private readonly target: string,
    private readonly at: number,
  ) {
    for (const check of readinessCheckNames) this.results.set(check, { check, region: target, status: 'pass', reason: 'ok', evidence: {} });
  }
  with(check: ReadinessCheckName, status: ReadinessStatus, reason: string, evidence: Record<string, unknown> = {}): this {
    this.results.set(check, { check, region: this.target, status, reason, evidence });
    return this;
  }
  acrReplicaDegraded(): this {
    return this.with('acrReplication', 'fail', `replica in ${this.target} is Degraded`, { replication: this.target, status: 'Degraded' });
  }
  backupOlderThan(minutes: number): this {
    return this.with('backupFreshness', 'fail', `newest backup is ${minutes} min old`, { ageMinutes: minutes });
  }
  build(): ReadinessReport {
    return { target: this.target, at: this.at, results: [...this.results.values()] };
  }
}

export function aReadiness(target: string, at = T0): ReadinessBuilder {
  return new ReadinessBuilder(target, at);
}

/** Every region ready. */
export function allReady(policy: FailoverPolicy, at = T0): Record<string, ReadinessReport> {
  return Object.fromEntries(policy.spec.regions.map(({ name }) => [name, aReadiness(name, at).build()]));
}

export function steadyState(policy: FailoverPolicy, at = T0 - 24 * HOUR): EngineState {
  return initialEngineState(policy, at);
}

/** Failed over from the primary to `to` at `at`. */
export function failedOverState(policy: FailoverPolicy, to: string, at: number): FailedOverState {
  const steady = initialEngineState(policy, at);
  return { ...steady, kind: 'FailedOver', active: to, activeSince: at, since: at, endpoints: failedOverEndpoints(policy, steady.endpoints, steady.active, to), failoverHistory: [at], lastFailoverAt: at };
}

export function anInput(policy: FailoverPolicy, parts: Partial<DecideInput> = {}): DecideInput {
  return { policy, health: aHealth(policy).build(), readiness: allReady(policy), state: steadyState(policy), now: T0, ...parts };
}
