// The drill report for a person at a terminal: the result first, then every step, the plan with its
// budgets, and the objectives.
import { formatDuration } from '../../policy/timing.js';
import type { DrillReport, DrillStep } from '../drill-report.js';

const marks: Record<DrillStep['outcome'], string> = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' };

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(Math.round(ms / 1000));
}

export function renderText(report: DrillReport): string {
  const lines = [`drill ${report.drillId}: ${report.mode} of ${report.policy} against ${report.target} — ${report.result.toUpperCase()}`, `  ${report.summary}`, '', 'steps:'];
  for (const step of report.steps) lines.push(`  ${marks[step.outcome]} ${step.name.padEnd(32)} ${seconds(step.durationMs).padStart(8)}  ${step.reason}`);
  if (report.plan) {
    lines.push('', 'plan (the engine would execute; budgets from the policy):');
    report.plan.forEach((step, index) => lines.push(`  ${index + 1}. ${step.does}  [≤ ${formatDuration(step.budgetSeconds)}]`));
  }
  lines.push('', 'objectives:', `  ${report.rto.note}`, `  ${report.rpo.note}`);
  if (report.overrides && report.overrides.length > 0) lines.push(`  overridden for the drill (audited): ${report.overrides.join(', ')}`);
  if (report.aborted) lines.push('', `aborted (${report.aborted.reason}): endpoints ${report.aborted.restored ? 'back where the drill found them' : 'NOT back where the drill found them'}`);
  return `${lines.join('\n')}\n`;
}
