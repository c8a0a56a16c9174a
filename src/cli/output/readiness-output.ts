// `aksdr check` output: a table with the evidence of every blocking check for people, one JSON
// document for scripts, and Azure DevOps error lines in a pipeline.
import { blockingResults, type ReadinessCheckName, type ReadinessReport, type ReadinessResult } from '../../core/readiness.js';
import type { FailoverPolicy } from '../../policy/index.js';
import { azureDevOpsError } from './azure-devops.js';
import { formatTable } from './table.js';

export interface ReadinessDocument {
  policy: string;
  file: string;
  target: string;
  source?: string;
  at: string;
  ready: boolean;
  /** Checks whose failure the failover itself repairs (a node pool it scales up first). */
  repairable: ReadinessCheckName[];
  /** Checks that stand in the way: every fail and every unknown that is not repairable. */
  blocking: ReadinessCheckName[];
  results: ReadinessResult[];
}

export function repairableChecks(policy: FailoverPolicy): ReadinessCheckName[] {
  return policy.spec.readiness.capacity?.scaleUp ? ['capacity'] : [];
}

export function toReadinessDocument(file: string, policy: FailoverPolicy, report: ReadinessReport, source: string | undefined): ReadinessDocument {
  const repairable = repairableChecks(policy);
  const blocking = blockingResults(report, { repairable }).map((r) => r.check);
  return {
    policy: policy.metadata.name,
    file,
    target: report.target,
    ...(source ? { source } : {}),
    at: new Date(report.at).toISOString(),
    ready: blocking.length === 0,
    repairable,
    blocking,
    results: report.results,
  };
}

function statusText(result: ReadinessResult, document: ReadinessDocument): string {
  if (result.status !== 'pass' && document.repairable.includes(result.check)) return 'repairable';
  return result.status === 'pass' ? 'pass' : result.status.toUpperCase();
}

function evidenceLines(evidence: Record<string, unknown>): string[] {
  return Object.entries(evidence).map(([key, value]) => `    ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

export function formatReadinessTable(document: ReadinessDocument): string {
  const rows = document.results.map((r) => [r.check, statusText(r, document), r.reason]);
  const lines = [
    `Readiness of ${document.target} as failover target of ${document.policy}${document.source ? ` (traffic from ${document.source})` : ''}`,
    '',
    formatTable(['CHECK', 'STATUS', 'REASON'], rows),
  ];
  const blocking = document.results.filter((r) => document.blocking.includes(r.check));
  if (blocking.length > 0) {
    lines.push('', 'Evidence:');
    for (const r of blocking) lines.push(`  ${r.check} (${r.status}): ${r.reason}`, ...evidenceLines(r.evidence));
  }
  lines.push(
    '',
    document.ready
      ? `ready: ${document.target} can take the traffic of ${document.policy}`
      : `not ready: ${document.blocking.length} check${document.blocking.length === 1 ? '' : 's'} block a failover to ${document.target}: ${document.blocking.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

export function azureDevOpsIssues(document: ReadinessDocument): string[] {
  return document.results
    .filter((r) => document.blocking.includes(r.check))
    .map((r) => azureDevOpsError(`aksdr check ${document.policy}: ${r.check} ${r.status} in ${r.region}: ${r.reason}`));
}
