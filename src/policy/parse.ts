// Validates one policy text: YAML → schema → semantic rules, collecting every problem with its
// position. Pure (no I/O); `loadPolicies` reads files and adds the cross-file checks.
import type { z } from 'zod';
import { compareDiagnostics, formatPath, hasErrors, type PolicyDiagnostic } from './diagnostics.js';
import { runSemanticRules, type CheckedSpec } from './rules/index.js';
import { failoverPolicySchema, policySpecSchema, type FailoverPolicy } from './schema.js';
import { locate, type SourcePosition } from './yaml-locate.js';
import { parsePolicyYaml, type ParsedYaml } from './yaml-source.js';
import { issuesToProblems } from './zod-diagnostics.js';

export interface PolicyAnalysis {
  policy?: FailoverPolicy;
  diagnostics: PolicyDiagnostic[];
  /** Where `metadata.name` is written, for cross-file duplicate reports. */
  namePosition?: SourcePosition;
}

/** Parses each spec section on its own so rules can still check the sections that are valid. */
function checkSectionsSeparately(rawSpec: unknown): { spec: CheckedSpec; broken: Set<string> } {
  const spec: Record<string, unknown> = {};
  const broken = new Set<string>();
  const raw = rawSpec !== null && typeof rawSpec === 'object' && !Array.isArray(rawSpec) ? (rawSpec as Record<string, unknown>) : {};
  for (const [key, sectionSchema] of Object.entries(policySpecSchema.shape)) {
    const result = (sectionSchema as z.ZodType).safeParse(Object.hasOwn(raw, key) ? raw[key] : undefined);
    if (result.success) spec[key] = result.data;
    else broken.add(key);
  }
  return { spec: spec, broken };
}

function semanticDiagnostics(parsed: ParsedYaml, spec: CheckedSpec, broken: Set<string>, file: string): PolicyDiagnostic[] {
  return runSemanticRules(spec, broken).map((found) => {
    const { line, col } = locate(parsed, found.path, found.target);
    return { severity: found.severity, file, line, col, path: formatPath(found.path), message: found.message, rule: found.rule, ...(found.hint ? { hint: found.hint } : {}) };
  });
}

export function analysePolicyText(text: string, file: string): PolicyAnalysis {
  const { parsed, problems } = parsePolicyYaml(text);
  const diagnostics: PolicyDiagnostic[] = problems.map((problem) => ({ ...problem, file }));
  if (!parsed) return { diagnostics: diagnostics.sort(compareDiagnostics) };

  const result = failoverPolicySchema.safeParse(parsed.value);
  if (result.success) {
    diagnostics.push(...semanticDiagnostics(parsed, result.data.spec, new Set(), file));
  } else {
    diagnostics.push(...issuesToProblems(result.error.issues, parsed, failoverPolicySchema).map((problem) => ({ ...problem, file })));
    const rawSpec = (parsed.value as { spec?: unknown } | null)?.spec;
    if (rawSpec !== undefined) {
      const { spec, broken } = checkSectionsSeparately(rawSpec);
      diagnostics.push(...semanticDiagnostics(parsed, spec, broken, file));
    }
  }
  diagnostics.sort(compareDiagnostics);
  const namePosition = result.success ? locate(parsed, ['metadata', 'name']) : undefined;
  const valid = result.success && !hasErrors(diagnostics);
  return { ...(valid ? { policy: result.data } : {}), diagnostics, ...(namePosition ? { namePosition } : {}) };
}

/**
 * Validates a policy given as text. `file` is only used in diagnostics. Never throws on any input:
 * every problem, however strange the text, comes back as a diagnostic.
 */
export function parsePolicyText(text: string, file: string): { policy?: FailoverPolicy; diagnostics: PolicyDiagnostic[] } {
  try {
    const { policy, diagnostics } = analysePolicyText(text, file);
    return policy ? { policy, diagnostics } : { diagnostics };
  } catch (error) {
    // A bug in aksdr, not a mistake in the policy: say so plainly rather than blame the file.
    const message = `internal error while validating (please report it): ${error instanceof Error ? error.message : String(error)}`;
    return { diagnostics: [{ severity: 'error', file, line: 1, col: 1, path: '', message, rule: 'internal.error' }] };
  }
}
