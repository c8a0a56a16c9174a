// Where a drill's report goes: stdout (text or JSON), the --report file in the asked format, and in
// an Azure Pipelines run (TF_BUILD) the logging commands with the Markdown summary uploaded.
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DrillReport } from '../../drill/index.js';
import { azureDevOpsCommands } from '../../drill/report/azure-devops-report.js';
import { renderJUnit } from '../../drill/report/junit-report.js';
import { renderMarkdown } from '../../drill/report/markdown-report.js';
import { renderText } from '../../drill/report/text-report.js';
import { isAzurePipelines } from '../output/azure-devops.js';
import type { CommandIo } from '../output/command-io.js';

export const reportFormats = ['text', 'json', 'md', 'junit'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export function render(report: DrillReport, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return renderText(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'md':
      return renderMarkdown(report);
    case 'junit':
      return renderJUnit(report);
  }
}

/** The format a report file gets when --format is not given: from its extension, text otherwise. */
export function formatOfFile(file: string): ReportFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.xml') return 'junit';
  if (extension === '.md') return 'md';
  if (extension === '.json') return 'json';
  return 'text';
}

export interface OutputOptions {
  output: 'text' | 'json';
  report?: string;
  format?: ReportFormat;
}

export async function publish(io: CommandIo, report: DrillReport, options: OutputOptions): Promise<void> {
  io.stdout(options.output === 'json' ? render(report, 'json') : `\n${render(report, 'text')}`);
  if (options.report) {
    await mkdir(path.dirname(path.resolve(options.report)), { recursive: true });
    await writeFile(options.report, render(report, options.format ?? formatOfFile(options.report)));
  }
  const env = io.env();
  if (!isAzurePipelines(env)) return;
  // The summary file must outlive the step: the agent uploads it after the step ends.
  const folder = env.AGENT_TEMPDIRECTORY ?? tmpdir();
  const summary = path.join(folder, `${report.drillId}.md`);
  await writeFile(summary, renderMarkdown(report));
  // Logging commands are read from stdout and stderr alike; keep stdout pure JSON when asked for it.
  const write = options.output === 'json' ? io.stderr : io.stdout;
  for (const line of azureDevOpsCommands(report, summary)) write(`${line}\n`);
}
