// The drill report in Markdown: what an auditor reads, and what an Azure DevOps run shows on its
// summary page (`##vso[task.uploadsummary]`).
import { formatDuration } from '../../policy/timing.js';
import type { DrillReport } from '../drill-report.js';
import { seconds } from './text-report.js';

const icons = { passed: '✅', failed: '❌', skipped: '⏭️' } as const;

/** A table cell: no pipe or newline may break the row. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ');
}

export function renderMarkdown(report: DrillReport): string {
  const lines = [
    `## DR drill ${report.drillId}: ${report.result === 'passed' ? '✅ passed' : report.result === 'refused' ? '⛔ refused' : '❌ failed'}`,
    '',
    `Policy **${report.policy}**, mode **${report.mode}**, target **${report.target}**, by ${cell(report.by)}, ${report.startedAt} → ${report.endedAt}.`,
    '',
    `> ${cell(report.summary)}`,
    '',
    '| | step | start | duration | outcome |',
    '|---|---|---|---|---|',
    ...report.steps.map((step) => `| ${icons[step.outcome]} | ${cell(step.name)} | ${step.startedAt} | ${seconds(step.durationMs)} | ${cell(step.reason)} |`),
    '',
    '### Objectives',
    '',
    '| | objective | value | met |',
    '|---|---|---|---|',
    ...(['rto', 'rpo'] as const).map((key) => {
      const check = report[key];
      return `| ${key.toUpperCase()} | ${check.objectiveMinutes === undefined ? '—' : `${check.objectiveMinutes} min`} | ${check.measuredSeconds === undefined ? '—' : `${formatDuration(check.measuredSeconds)} (${check.basis})`} | ${check.met === undefined ? '—' : check.met ? 'yes' : '**no**'} |`;
    }),
  ];
  if (report.plan) {
    lines.push('', '### Plan', '', ...report.plan.map((step, index) => `${index + 1}. ${step.does} — budget ${formatDuration(step.budgetSeconds)}`));
  }
  if (report.overrides && report.overrides.length > 0) lines.push('', `Rules overridden for the drill (audited, the drill as reason): ${report.overrides.join(', ')}.`);
  if (report.aborted) lines.push('', `**Aborted** (${cell(report.aborted.reason)}): endpoints ${report.aborted.restored ? 'back where the drill found them' : '**not** back where the drill found them'}.`);
  return `${lines.join('\n')}\n`;
}
