// Building ReadinessResults: pass / fail / unknown with evidence, and `unknown` from a failed read
// ("could not tell" is never a pass and never a throw).
import type { ReadinessCheckName, ReadinessResult } from '../core/readiness.js';
import { describeFailure } from '../probes/describe-failure.js';
import type { CheckRun, SourceDeployments } from './check-context.js';

export function result(run: CheckRun, check: ReadinessCheckName, status: ReadinessResult['status'], reason: string, evidence: Record<string, unknown> = {}): ReadinessResult {
  return { check, region: run.target.name, status, reason, evidence };
}

/** `unknown` because `what` could not be read. */
export function unreadable(run: CheckRun, check: ReadinessCheckName, what: string, error: unknown): ReadinessResult {
  const why = describeFailure(error, run.options.timeoutInMs ?? 0);
  return result(run, check, 'unknown', `cannot read ${what}: ${why}`, { source: what, error: why });
}

/** `westeurope`, `West Europe` and `WestEurope` are one region. */
export function sameRegion(a: string, b: string): boolean {
  return a.replace(/\s+/g, '').toLowerCase() === b.replace(/\s+/g, '').toLowerCase();
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** ` (as last seen 90 s ago: westeurope cannot be read now)` when the source's view is remembered, else ''. */
export function asOfNote(run: CheckRun, source: SourceDeployments, region: string): string {
  if (source.asOf === undefined) return '';
  const ageInSeconds = Math.max(0, Math.round((run.ports.clock.now() - source.asOf) / 1000));
  const age = ageInSeconds < 120 ? `${ageInSeconds} s` : `${Math.round(ageInSeconds / 60)} min`;
  return ` (as last seen ${age} ago: ${region} cannot be read now — ${describeFailure(source.unreachable, source.timeoutInMs ?? run.options.timeoutInMs ?? 0)})`;
}

/** Evidence fields that say the source's view was remembered rather than read. */
export function asOfEvidence(source: SourceDeployments): Record<string, unknown> {
  return source.asOf === undefined ? {} : { sourceAsOf: new Date(source.asOf).toISOString(), sourceUnreachable: true };
}
