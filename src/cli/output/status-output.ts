// `aksdr status` output: a table per region and signal for people, one JSON document for scripts.
import { countedSignals } from '../../core/health/verdict.js';
import type { CycleObservations, Observation } from '../../core/observation.js';
import type { FailoverPolicy } from '../../policy/index.js';
import { formatTable } from './table.js';

export interface PolicyStatus {
  file: string;
  policy: FailoverPolicy;
  cycle: CycleObservations;
}

export interface StatusDocument {
  at: string;
  policies: {
    name: string;
    file: string;
    at: string;
    regions: { name: string; role: string; ok: boolean; failing: string[]; signals: Observation[] }[];
  }[];
}

/** A region is `ok` when every counted signal passed (trafficManager, Azure's view, is shown but not counted). */
export function toStatusDocument(statuses: readonly PolicyStatus[], at: number): StatusDocument {
  return {
    at: new Date(at).toISOString(),
    policies: statuses.map(({ file, policy, cycle }) => {
      const counted = new Set(countedSignals(policy.spec.health));
      return {
        name: policy.metadata.name,
        file,
        at: new Date(cycle.at).toISOString(),
        regions: policy.spec.regions.map((region) => {
          const signals = cycle.byRegion[region.name] ?? [];
          const failing = signals.filter((o) => counted.has(o.signal) && !o.ok).map((o) => o.signal);
          return { name: region.name, role: region.role, ok: failing.length === 0, failing, signals };
        }),
      };
    }),
  };
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
  const summary = document.policies.flatMap((p) =>
    p.regions.map((r) => `${p.name}/${r.name}: ${r.ok ? 'all signals pass' : `failing: ${r.failing.join(', ')}`}`),
  );
  return `${formatTable(['POLICY', 'REGION', 'ROLE', 'SIGNAL', 'STATUS', 'LATENCY', 'REASON'], rows)}\n\n${summary.join('\n')}\n`;
}
