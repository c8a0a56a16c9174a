// How validation results are printed: one line per diagnostic for people and editors
// (`file:line:col severity path: message (hint)`), a JSON document for scripts, and Azure DevOps
// logging commands so pipeline runs show the problems as annotations on the file.
import type { PolicyDiagnostic } from './diagnostics.js';
import { hasErrors } from './diagnostics.js';
import type { PolicyLoadResult } from './load.js';

export function formatDiagnostic(diagnostic: PolicyDiagnostic): string {
  const { file, line, col, severity, path, message, hint, rule } = diagnostic;
  const where = path === '' ? '' : `${path}: `;
  return `${file}:${line}:${col} ${severity} ${where}${message}${hint ? ` (${hint})` : ''} [${rule}]`;
}

export function formatSummary(result: PolicyLoadResult): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  const verdict = hasErrors(result.diagnostics) ? 'invalid' : 'valid';
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  return `${verdict}: ${count(result.policies.length, 'valid policy', 'valid policies')}, ${count(errors, 'error', 'errors')}, ${count(warnings, 'warning', 'warnings')}`;
}

export interface ValidationReport {
  valid: boolean;
  policies: { file: string; name: string }[];
  diagnostics: PolicyDiagnostic[];
}

export function toValidationReport(result: PolicyLoadResult): ValidationReport {
  return {
    valid: !hasErrors(result.diagnostics),
    policies: result.policies.map(({ file, policy }) => ({ file, name: policy.metadata.name })),
    diagnostics: result.diagnostics,
  };
}

// Azure DevOps logging-command escaping: data after `]` escapes %, CR, LF; property values also ; and ].
function escapeData(text: string): string {
  return text.replaceAll('%', '%AZP25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(';', '%3B').replaceAll(']', '%5D');
}

/** `##vso[task.logissue …]` line, shown by Azure Pipelines as an error/warning annotation on the file. */
export function formatAzureDevOpsIssue(diagnostic: PolicyDiagnostic): string {
  const { severity, file, line, col, rule, path, message, hint } = diagnostic;
  const properties = [`type=${severity}`, `sourcepath=${escapeProperty(file)}`, `linenumber=${line}`, `columnnumber=${col}`, `code=${escapeProperty(rule)}`].join(';');
  const text = `${path === '' ? '' : `${path}: `}${message}${hint ? ` (${hint})` : ''}`;
  return `##vso[task.logissue ${properties}]${escapeData(text)}`;
}
