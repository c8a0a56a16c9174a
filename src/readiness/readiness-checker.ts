// Every readiness check of a failover target, run concurrently under one deadline. A check that
// cannot reach its source says `unknown` with the reason; nothing a check reads makes `check` throw.
import type { CallOptions } from '../core/ports/call-options.js';
import type { ReadinessChecker, ReadinessCheckOptions } from '../core/ports/observer-port.js';
import type { ReadinessReport, ReadinessResult } from '../core/readiness.js';
import type { FailoverPolicy, RegionSpec } from '../policy/index.js';
import { raceAbort } from '../probes/probe-runner.js';
import { acrImagesCheck } from './acr-images-check.js';
import { acrReplicationCheck } from './acr-replication-check.js';
import { backupFreshnessCheck } from './backup-freshness-check.js';
import { backupLocationCheck } from './backup-location-check.js';
import { capacityCheck } from './capacity-check.js';
import { SharedReads, type CheckRun, type ReadinessCheckDefinition, type ReadinessPorts } from './check-context.js';
import { result } from './results.js';
import { trafficManagerProfileCheck } from './traffic-manager-profile-check.js';
import { versionDriftCheck } from './version-drift-check.js';

/** In the order of `readinessCheckNames`. */
export const readinessChecks: readonly ReadinessCheckDefinition[] = [
  acrReplicationCheck,
  acrImagesCheck,
  backupFreshnessCheck,
  backupLocationCheck,
  versionDriftCheck,
  capacityCheck,
  trafficManagerProfileCheck,
];

/** Readiness is not on the detection path: it may take longer than a probe (10 s at least). */
export const minReadinessTimeoutInMs = 10_000;
const safetyMarginInMs = 250;

export class UnknownRegionError extends Error {
  override readonly name = 'UnknownRegionError';
  readonly code = 'UnknownRegion';
  constructor(
    readonly region: string,
    readonly regions: readonly string[],
  ) {
    super(`the policy has no region "${region}"; its regions are ${regions.join(', ')}`);
  }
}

/** Where traffic would come from when moving to `target`: the primary, or for the primary itself the first other region. */
export function sourceRegionFor(policy: FailoverPolicy, target: RegionSpec, preferred?: string): RegionSpec | undefined {
  const chosen = preferred === undefined || preferred === target.name ? undefined : policy.spec.regions.find((r) => r.name === preferred);
  if (chosen) return chosen;
  const primary = policy.spec.regions.find((r) => r.role === 'primary');
  if (primary && primary.name !== target.name) return primary;
  return policy.spec.regions.find((r) => r.name !== target.name);
}

export interface ReadinessCheckerOptions {
  checks?: readonly ReadinessCheckDefinition[];
}

export class ReadinessCheckerImpl implements ReadinessChecker {
  private readonly checks: readonly ReadinessCheckDefinition[];

  constructor(
    private readonly ports: ReadinessPorts,
    options: ReadinessCheckerOptions = {},
  ) {
    this.checks = options.checks ?? readinessChecks;
  }

  /** @throws UnknownRegionError when `target` is not a region of the policy (a caller's mistake). */
  async check(policy: FailoverPolicy, target: string, options: ReadinessCheckOptions = {}): Promise<ReadinessReport> {
    options.abortSignal?.throwIfAborted();
    const region = policy.spec.regions.find((r) => r.name === target);
    if (!region) throw new UnknownRegionError(target, policy.spec.regions.map((r) => r.name));
    const timeoutInMs = options.timeoutInMs ?? Math.max(policy.spec.health.timeoutSeconds * 1000, minReadinessTimeoutInMs);
    const signals = [AbortSignal.timeout(timeoutInMs), options.abortSignal].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals);
    const callOptions: CallOptions = { abortSignal: signal, timeoutInMs };
    const run: Omit<CheckRun, 'reads'> = { policy, target: region, source: sourceRegionFor(policy, region, options.source), ports: this.ports, options: callOptions };
    const full: CheckRun = { ...run, reads: new SharedReads(this.ports, policy, callOptions, options.sourceUnreachable === true) };
    // The checks' own calls stop at the deadline and say what they could not read; this net, a little
    // later, only catches a check that ignored its signal.
    const net = AbortSignal.any([AbortSignal.timeout(timeoutInMs + safetyMarginInMs), ...(options.abortSignal ? [options.abortSignal] : [])]);
    const results = await Promise.all(this.checks.filter((c) => c.applies(policy)).map((c) => this.runOne(c, full, net)));
    options.abortSignal?.throwIfAborted();
    return { target, at: this.ports.clock.now(), results };
  }

  private async runOne(definition: ReadinessCheckDefinition, run: CheckRun, signal: AbortSignal): Promise<ReadinessResult> {
    try {
      return await raceAbort(definition.run(run), signal);
    } catch (error) {
      if (signal.aborted) return result(run, definition.name, 'unknown', `did not finish within ${run.options.timeoutInMs ?? '?'} ms`);
      return result(run, definition.name, 'unknown', `check error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
