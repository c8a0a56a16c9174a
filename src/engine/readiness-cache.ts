// Readiness of candidate targets, checked only when a decision may need it — a region is not
// Healthy, a failback is possible, a command names a target — and reused for a short while, so a
// quiet cycle costs no readiness calls at all. The plan's own checkReadiness step re-checks anyway
// right before traffic moves, so a cached "ready" never moves traffic on stale evidence.
import { primaryOf, type Command, type EngineState, type HealthState, type ReadinessReport, type RegionName } from '../core/index.js';
import type { ReadinessChecker } from '../core/ports/observer-port.js';
import type { FailoverPolicy } from '../policy/index.js';
import type { Logger } from 'pino';

export function regionsNeedingReadiness(policy: FailoverPolicy, health: HealthState, state: EngineState, command?: Command): RegionName[] {
  const wanted = new Set<RegionName>();
  const regions = policy.spec.regions.map((r) => r.name);
  if (command?.kind === 'failover') wanted.add(command.to);
  if (command?.kind === 'failback') wanted.add(primaryOf(policy));
  if (command?.kind === 'approve' && state.kind === 'FailoverPending') wanted.add(state.plan.to);
  const somethingWrong = regions.some((r) => health.regions[r]?.status !== 'Healthy');
  if (somethingWrong) for (const r of regions) if (r !== state.active && health.regions[r]?.status === 'Healthy') wanted.add(r);
  if (state.kind === 'FailedOver' && health.regions[primaryOf(policy)]?.status === 'Healthy') wanted.add(primaryOf(policy));
  if (state.kind === 'FailoverPending') wanted.add(state.plan.to);
  return [...wanted];
}

export interface ReadinessRefresh {
  checker: ReadinessChecker;
  /** The region taking the traffic now: the source targets are compared with. */
  active?: RegionName;
  /** The active region's API server failed this cycle's probes: its remembered view stands in. */
  activeUnreachable?: boolean;
  policy: FailoverPolicy;
  regions: readonly RegionName[];
  cached: Record<RegionName, ReadinessReport> | undefined;
  now: number;
  ttlMs: number;
  signal?: AbortSignal;
  logger?: Logger;
}

/** Fresh reports for `regions` (cached ones younger than ttlMs reused); others keep their cached report. */
export async function refreshReadiness(input: ReadinessRefresh): Promise<Record<RegionName, ReadinessReport>> {
  const result: Record<RegionName, ReadinessReport> = { ...input.cached };
  await Promise.all(
    input.regions.map(async (region) => {
      const cached = input.cached?.[region];
      if (cached && input.now - cached.at < input.ttlMs) return;
      try {
        const source = input.active !== undefined && input.active !== region ? { source: input.active, ...(input.activeUnreachable ? { sourceUnreachable: true } : {}) } : {};
        result[region] = await input.checker.check(input.policy, region, { ...source, ...(input.signal ? { abortSignal: input.signal } : {}) });
      } catch (error) {
        // No report is itself a blocker (target-ready: "no readiness report"), never a pass.
        delete result[region];
        input.logger?.warn({ region, err: error }, 'readiness check failed');
      }
    }),
  );
  return result;
}
