// `aksdr status` output: a table per region and signal for people, one JSON document for scripts.
import { countedSignals, defaultVerdictRule, evaluateVerdict } from '../../core/health/verdict.js';
import type { CycleObservations, Observation } from '../../core/observation.js';
import { describeEndpoints } from '../../core/plan/describe-plan.js';
import { activeRegionOf, routingDrift } from '../../core/routing/routing.js';
import type { EngineState } from '../../core/decide/engine-state.js';
import type { FailoverPolicy } from '../../policy/index.js';
import { formatTable } from './table.js';

export interface PolicyStatus {
  file: string;
  policy: FailoverPolicy;
  cycle: CycleObservations;
  /** The engine's saved state, when a controller has run the policy with this state store. */
  engine?: EngineState;
}

export interface TrafficStatus {
  /** The region the profile sends the traffic to (largest enabled weight / lowest priority). */
  active: string | null;
  endpoints: string;
  /** What the engine believes, when it has state. */
  engine?: { state: EngineState['kind']; active: string };
  /** The profile differs from what the engine last set. */
  drift?: string;
}

export interface StatusDocument {
  at: string;
  /** True when some region's evaluation fails by the policy's rule (it looks down): `status` then exits 1. */
  anyRegionDown: boolean;
  policies: {
    name: string;
    file: string;
    at: string;
    traffic?: TrafficStatus;
    /** `ok`: every counted signal passed; `down`: the evaluation fails by the policy's rule (every serving signal failed). */
    regions: { name: string; role: string; ok: boolean; down: boolean; failing: string[]; signals: Observation[] }[];
  }[];
}

function trafficOf({ policy, cycle, engine }: PolicyStatus): TrafficStatus | undefined {
  if (!cycle.routing) return undefined;
  const drift = engine && engine.kind !== 'FailingOver' && engine.kind !== 'FailingBack' ? routingDrift(policy, engine.endpoints, cycle.routing) : undefined;
  return {
    active: activeRegionOf(policy, cycle.routing.endpoints) ?? null,
    endpoints: describeEndpoints(cycle.routing.endpoints),
    ...(engine ? { engine: { state: engine.kind, active: engine.active } } : {}),
    ...(drift ? { drift: drift.message } : {}),
  };
}

/** A region is `ok` when every counted signal passed (trafficManager, Azure's view, is shown but not counted). */
export function toStatusDocument(statuses: readonly PolicyStatus[], at: number): StatusDocument {
  const policies = statuses.map((status) => {
    const { file, policy, cycle } = status;
    const counted = new Set(countedSignals(policy.spec.health));
    const rule = defaultVerdictRule(policy.spec.health);
    const traffic = trafficOf(status);
    return {
      name: policy.metadata.name,
      file,
      at: new Date(cycle.at).toISOString(),
      ...(traffic ? { traffic } : {}),
      regions: policy.spec.regions.map((region) => {
        const signals = cycle.byRegion[region.name] ?? [];
        const failing = signals.filter((o) => counted.has(o.signal) && !o.ok).map((o) => o.signal);
        return { name: region.name, role: region.role, ok: failing.length === 0, down: evaluateVerdict(rule, signals).failed, failing, signals };
      }),
    };
  });
  return { at: new Date(at).toISOString(), anyRegionDown: policies.some((p) => p.regions.some((r) => r.down)), policies };
}

function regionSummary(region: StatusDocument['policies'][number]['regions'][number]): string {
  if (region.ok) return 'all signals pass';
  if (region.down) return `DOWN by the policy's rule — failing: ${region.failing.join(', ')}`;
  return `failing: ${region.failing.join(', ')} (not down by the policy's rule: a serving signal still passes)`;
}

function trafficSummary(name: string, traffic: TrafficStatus | undefined): string[] {
  if (!traffic) return [`${name}: traffic unknown (the Traffic Manager profile could not be read)`];
  const lines = [`${name}: traffic goes to ${traffic.active ?? 'NO REGION'} (${traffic.endpoints})${traffic.engine ? `; the engine is ${traffic.engine.state}, believing ${traffic.engine.active}` : ''}`];
  if (traffic.drift) lines.push(`${name}: ROUTING DRIFT — ${traffic.drift}`);
  return lines;
}

export function formatStatusTable(document: StatusDocument): string {
  const rows: string[][] = [];
  for (const policy of document.policies) {
    for (const region of policy.regions) {
      for (const o of region.signals) {
        rows.push([policy.name, region.name, region.role, o.signal, o.ok ? 'ok' : 'FAIL', o.latencyMs > 0 ? `${o.latencyMs} ms` : '-', o.reason]);
      }
    }
  }
  const summary = document.policies.flatMap((p) => [...p.regions.map((r) => `${p.name}/${r.name}: ${regionSummary(r)}`), ...trafficSummary(p.name, p.traffic)]);
  return `${formatTable(['POLICY', 'REGION', 'ROLE', 'SIGNAL', 'STATUS', 'LATENCY', 'REASON'], rows)}\n\n${summary.join('\n')}\n`;
}
