// A drill in an Azure Pipelines run (TF_BUILD set): the failed step as an error and a missed
// objective as a warning (`##vso[task.logissue]`), the Markdown report on the run's summary page
// (`##vso[task.uploadsummary]`), and the measured RTO/RPO as output variables later jobs and stages
// can read (`dependencies.<job>.outputs['<step>.drillRtoSeconds']`).
import type { DrillReport } from '../drill-report.js';

/** Azure Pipelines' escaping of logging-command data and property values. */
export function escapeVso(text: string): string {
  return text.replaceAll('%', '%AZP25').replaceAll('\r', '%0D').replaceAll('\n', '%0A').replaceAll(';', '%3B').replaceAll(']', '%5D');
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%AZP25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function logIssue(type: 'error' | 'warning', message: string): string {
  return `##vso[task.logissue type=${type}]${escapeData(message)}`;
}

export function setOutput(name: string, value: string): string {
  return `##vso[task.setvariable variable=${escapeVso(name)};isOutput=true]${escapeData(value)}`;
}

/** The logging commands for a finished drill; `summaryFile` is the Markdown report written to disk. */
export function azureDevOpsCommands(report: DrillReport, summaryFile: string | undefined): string[] {
  const lines: string[] = [];
  for (const step of report.steps.filter((s) => s.outcome === 'failed')) lines.push(logIssue('error', `drill ${report.drillId}: step ${step.name} failed: ${step.reason}`));
  for (const check of [report.rto, report.rpo]) if (check.met === false) lines.push(logIssue(report.result === 'passed' ? 'warning' : 'error', `drill ${report.drillId}: ${check.note}`));
  if (report.aborted && !report.aborted.restored) lines.push(logIssue('error', `drill ${report.drillId}: the endpoints are not back where the drill found them`));
  lines.push(setOutput('drillResult', report.result));
  lines.push(setOutput('drillId', report.drillId));
  if (report.rto.measuredSeconds !== undefined) lines.push(setOutput('drillRtoSeconds', String(report.rto.measuredSeconds)));
  if (report.rpo.measuredSeconds !== undefined) lines.push(setOutput('drillRpoSeconds', String(report.rpo.measuredSeconds)));
  if (summaryFile) lines.push(`##vso[task.uploadsummary]${escapeData(summaryFile)}`);
  return lines;
}
