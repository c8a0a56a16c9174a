// Reads policy files and directories from disk and validates them: size-capped reads, one policy per
// file, `metadata.name` unique across everything loaded. The only file-system code of the policy model.
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { compareDiagnostics, type PolicyDiagnostic } from './diagnostics.js';
import { analysePolicyText } from './parse.js';
import type { FailoverPolicy } from './schema.js';
import { decodePolicyBytes, MAX_POLICY_BYTES } from './yaml-source.js';

export interface LoadedPolicy {
  file: string;
  policy: FailoverPolicy;
}

export interface PolicyLoadResult {
  /** Only policies without errors. */
  policies: LoadedPolicy[];
  diagnostics: PolicyDiagnostic[];
}

const POLICY_EXTENSIONS = new Set(['.yaml', '.yml']);
/** Files read at once: enough to hide latency, few enough not to exhaust file handles. */
const READ_CONCURRENCY = 16;

function fileProblem(file: string, rule: string, message: string, hint?: string): PolicyDiagnostic {
  return { severity: 'error', file, line: 1, col: 1, path: '', message, rule, ...(hint ? { hint } : {}) };
}

/** Reads at most the cap plus one byte, so a huge (or endless) file is refused without reading it all. */
async function readCapped(file: string): Promise<{ bytes: Uint8Array } | { tooLarge: true }> {
  const handle = await open(file, 'r');
  try {
    // The size is a hint (files change); the read loop below enforces the cap regardless.
    const { size } = await handle.stat();
    if (size > MAX_POLICY_BYTES) return { tooLarge: true };
    let buffer = Buffer.alloc(Math.min(size, MAX_POLICY_BYTES) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (buffer.length > MAX_POLICY_BYTES) return { tooLarge: true };
        // Grew since stat (or a pipe/special file reporting size 0): double, up to the cap.
        const bigger = Buffer.alloc(Math.min(buffer.length * 2 + 4096, MAX_POLICY_BYTES + 1));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length > MAX_POLICY_BYTES ? { tooLarge: true } : { bytes: buffer.subarray(0, length) };
  } finally {
    await handle.close();
  }
}

async function expandPaths(paths: readonly string[], diagnostics: PolicyDiagnostic[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      diagnostics.push(fileProblem(path, 'file.not-found', 'no such file or directory'));
      continue;
    }
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((name) => POLICY_EXTENSIONS.has(extname(name).toLowerCase()) && !name.startsWith('.')).sort();
      if (names.length === 0) diagnostics.push(fileProblem(path, 'file.no-policies', 'directory contains no *.yaml or *.yml policy files'));
      files.push(...names.map((name) => join(path, name)));
    } else {
      files.push(path);
    }
  }
  // The same file named twice (a directory and one of its files) is validated once.
  const seen = new Set<string>();
  return files.filter((file) => {
    const key = resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type FileOutcome = ReturnType<typeof analysePolicyText> & { file: string };

async function validateFile(file: string): Promise<FileOutcome> {
  try {
    const read = await readCapped(file);
    if ('tooLarge' in read) {
      return { file, diagnostics: [fileProblem(file, 'file.too-large', `file is larger than ${MAX_POLICY_BYTES} bytes; a policy is a few kilobytes`)] };
    }
    const decoded = decodePolicyBytes(read.bytes);
    if ('problem' in decoded) return { file, diagnostics: [{ ...decoded.problem, file }] };
    return { file, ...analysePolicyText(decoded.text, file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return { file, diagnostics: [fileProblem(file, 'file.unreadable', `cannot read file${code ? ` (${code})` : ''}`)] };
  }
}

async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Loads and validates policy files and directories (`*.yaml`, `*.yml`; not recursive). */
export async function loadPolicies(paths: string[]): Promise<PolicyLoadResult> {
  const diagnostics: PolicyDiagnostic[] = [];
  const files = await expandPaths(paths, diagnostics);
  const outcomes = await mapConcurrently(files, READ_CONCURRENCY, validateFile);
  const policies: LoadedPolicy[] = [];
  const firstByName = new Map<string, { file: string; line: number }>();
  for (const outcome of outcomes) {
    diagnostics.push(...outcome.diagnostics);
    if (!outcome.policy) continue;
    const name = outcome.policy.metadata.name;
    const first = firstByName.get(name);
    const at = outcome.namePosition ?? { line: 1, col: 1 };
    if (first) {
      diagnostics.push({
        severity: 'error',
        file: outcome.file,
        line: at.line,
        col: at.col,
        path: 'metadata.name',
        message: `policy name "${name}" is already used by ${first.file}:${first.line}`,
        hint: 'policy names identify state, locks and metrics; give each policy its own',
        rule: 'policy.duplicate-name',
      });
      continue;
    }
    firstByName.set(name, { file: outcome.file, line: at.line });
    policies.push({ file: outcome.file, policy: outcome.policy });
  }
  return { policies, diagnostics: diagnostics.sort(compareDiagnostics) };
}
