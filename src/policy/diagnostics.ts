// What validation reports: one diagnostic per problem, with its place in the file, the field path,
// what is wrong, a hint, and a stable rule id that pipelines and docs can refer to.

export type DiagnosticSeverity = 'error' | 'warning';

export interface PolicyDiagnostic {
  severity: DiagnosticSeverity;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Field path such as `spec.regions[1].endpoint`; empty for problems with the file as a whole. */
  path: string;
  message: string;
  hint?: string;
  /** Stable id, e.g. `schema.unknown-key`, `semantic.one-primary`; documented in docs/POLICY.md. */
  rule: string;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['spec', 'regions', 1, 'endpoint']` → `spec.regions[1].endpoint`; odd keys are quoted. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export function hasErrors(diagnostics: readonly PolicyDiagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

/** File, then position, then rule: the order a person reads a file in, stable for tests and diffs. */
export function compareDiagnostics(a: PolicyDiagnostic, b: PolicyDiagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.col !== b.col) return a.col - b.col;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
