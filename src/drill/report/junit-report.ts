// The drill report as JUnit XML for Azure DevOps' PublishTestResults@2 (testResultsFormat JUnit):
// one test suite per drill, one test case per step (a failed step is a <failure>, a skipped one
// <skipped/>), and the objectives as two more cases, so a missed RTO fails the published run too.
import type { DrillReport, ObjectiveCheck } from '../drill-report.js';

/** XML 1.0 text: escaped markup characters, and no control characters XML cannot carry. */
function xmlChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
}

export function xmlText(text: string): string {
  return [...text]
    .filter(xmlChar)
    .join('')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

interface Case {
  name: string;
  seconds: number;
  failure?: { message: string; detail: string };
  skipped?: string;
  output?: string;
}

function objectiveCase(name: string, check: ObjectiveCheck): Case {
  return { name, seconds: 0, ...(check.met === false ? { failure: { message: check.note, detail: JSON.stringify(check, null, 2) } } : {}), output: check.note };
}

export function renderJUnit(report: DrillReport): string {
  const cases: Case[] = [
    ...report.steps.map((step) => ({
      name: step.name,
      seconds: step.durationMs / 1000,
      ...(step.outcome === 'failed' ? { failure: { message: step.reason, detail: JSON.stringify(step.evidence ?? {}, null, 2) } } : {}),
      ...(step.outcome === 'skipped' ? { skipped: step.reason } : {}),
      output: `${step.title}: ${step.reason}`,
    })),
    objectiveCase('objective.rto', report.rto),
    objectiveCase('objective.rpo', report.rpo),
  ];
  const classname = `aksdr.drill.${report.policy}.${report.mode}`;
  const total = (Date.parse(report.endedAt) - Date.parse(report.startedAt)) / 1000;
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const attrs = (pairs: Record<string, string | number>): string => Object.entries(pairs).map(([k, v]) => `${k}="${xmlText(String(v))}"`).join(' ');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({ name: `aksdr drill ${report.drillId}`, tests: cases.length, failures, errors: 0, skipped, time: total.toFixed(3) })}>`,
    `  <testsuite ${attrs({ name: `${report.policy} ${report.mode} drill against ${report.target}`, tests: cases.length, failures, errors: 0, skipped, time: total.toFixed(3), timestamp: report.startedAt.replace(/\.\d{3}Z$/, ''), id: report.drillId })}>`,
    '    <properties>',
    ...Object.entries({ drillId: report.drillId, policy: report.policy, mode: report.mode, target: report.target, result: report.result }).map(([name, value]) => `      <property ${attrs({ name, value })}/>`),
    '    </properties>',
  ];
  for (const c of cases) {
    lines.push(`    <testcase ${attrs({ name: c.name, classname, time: c.seconds.toFixed(3) })}>`);
    if (c.failure) lines.push(`      <failure ${attrs({ message: c.failure.message, type: 'DrillStepFailed' })}>${xmlText(c.failure.detail)}</failure>`);
    if (c.skipped !== undefined) lines.push(`      <skipped ${attrs({ message: c.skipped })}/>`);
    if (c.output) lines.push(`      <system-out>${xmlText(c.output)}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
