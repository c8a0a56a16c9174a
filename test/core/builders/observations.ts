// Builders for probe cycles: which region's signals pass or fail, and what Traffic Manager sees.
import type { FailoverPolicy, SignalName } from '../../../src/policy/schema.js';
import type { CycleObservations, Observation } from '../../../src/core/observation.js';
import { countedSignals } from '../../../src/core/health/verdict.js';

export function observation(region: string, signal: SignalName, ok: boolean, at: number, reason = ok ? 'ok' : `${signal} failed`): Observation {
  return { region, signal, ok, latencyMs: 12, reason, at };
}

export class CycleBuilder {
  private readonly byRegion: Record<string, Observation[]> = {};
  constructor(
    private readonly policy: FailoverPolicy,
    private readonly at: number,
  ) {
    for (const { name } of policy.spec.regions) this.byRegion[name] = countedSignals(policy.spec.health).map((signal) => observation(name, signal, true, at));
  }
  /** Every counted signal of `region` fails (a hard outage). */
  down(region: string): this {
    return this.failing(region, ...countedSignals(this.policy.spec.health));
  }
  failing(region: string, ...signals: SignalName[]): this {
    this.byRegion[region] = (this.byRegion[region] ?? []).map((seen) => (signals.includes(seen.signal) ? observation(region, seen.signal, false, this.at) : seen));
    return this;
  }
  /** Azure Traffic Manager's monitor: Online (true) or Degraded (false). */
  trafficManager(region: string, online: boolean): this {
    this.byRegion[region] = [...(this.byRegion[region] ?? []), observation(region, 'trafficManager', online, this.at, online ? 'Online' : 'Degraded')];
    return this;
  }
  missing(region: string): this {
    this.byRegion[region] = [];
    return this;
  }
  build(): CycleObservations {
    return { at: this.at, byRegion: structuredClone(this.byRegion) };
  }
}

export function aCycle(policy: FailoverPolicy, at: number): CycleBuilder {
  return new CycleBuilder(policy, at);
}
