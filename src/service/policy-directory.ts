// The policies folder of the service, read again and again: which policies are valid now, and which
// files are not. A file that stops being valid keeps its last good version running (a typo pushed
// to a ConfigMap must not stop protecting an application); the error is reported until it is fixed.
// Polled by content rather than watched: ConfigMap volumes change by swapping symlinks, which file
// watchers report unreliably, and a few small reads per interval cost nothing.
import { createHash } from 'node:crypto';
import { formatDiagnostic, hasErrors, loadPolicies, type FailoverPolicy, type PolicyDiagnostic } from '../policy/index.js';

export interface PolicyEntry {
  file: string;
  policy: FailoverPolicy;
  /** Changes when the policy's content changes. */
  fingerprint: string;
}

export interface PolicyFileError {
  file: string;
  /** Lines as `aksdr policy validate` prints them. */
  errors: string[];
  /** The name of the last good version still running from this file, if any. */
  keptRunning?: string;
}

export interface PolicySnapshot {
  policies: PolicyEntry[];
  errors: PolicyFileError[];
}

export class PolicyDirectory {
  private lastGood = new Map<string, PolicyEntry>();

  constructor(private readonly dir: string) {}

  async read(): Promise<PolicySnapshot> {
    const result = await loadPolicies([this.dir]);
    const byFile = new Map<string, PolicyDiagnostic[]>();
    for (const d of result.diagnostics) if (d.severity === 'error') byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
    const current = new Map<string, PolicyEntry>();
    for (const { file, policy } of result.policies) {
      if (byFile.has(file)) continue;
      current.set(file, { file, policy, fingerprint: createHash('sha256').update(JSON.stringify(policy)).digest('hex') });
    }
    const errors: PolicyFileError[] = [];
    for (const [file, diagnostics] of byFile) {
      if (!hasErrors(diagnostics)) continue;
      const kept = this.lastGood.get(file);
      if (kept) current.set(file, kept);
      errors.push({ file, errors: diagnostics.map(formatDiagnostic), ...(kept ? { keptRunning: kept.policy.metadata.name } : {}) });
    }
    // Two files may not claim one name: the loader already reports the second as a duplicate.
    this.lastGood = current;
    return { policies: [...current.values()], errors };
  }
}
