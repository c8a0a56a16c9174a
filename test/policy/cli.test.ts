// `aksdr policy …` as a pipeline sees it: exit codes, text and JSON output, Azure DevOps annotations.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { registerPolicyCommands } from '../../src/cli/commands/policy.js';
import { ExitError } from '../../src/cli/exit-error.js';
import { applyEdits, basePolicyText } from './corpus-support.js';

const examples = new URL('../../policies/', import.meta.url).pathname;

let stdout: MockInstance;
let stderr: MockInstance;

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Runs the command like the entry point does and returns its exit code. */
async function run(...args: string[]): Promise<number> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerPolicyCommands(program);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof ExitError) return error.exitCode;
    throw error;
  }
}

const out = (): string => stdout.mock.calls.map((call) => String(call[0])).join('');
const err = (): string => stderr.mock.calls.map((call) => String(call[0])).join('');

function brokenPolicyFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aksdr-cli-'));
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, applyEdits(basePolicyText, [['intervalSeconds: 10', 'intervalSecond: 10'], ['    minDwellMinutes: 30\n', '    minDwellMinutes: 30\n    failback: automatic\n']]));
  return file;
}

describe('aksdr policy validate', () => {
  it('exits 0 and prints a summary for valid policies', async () => {
    expect(await run('policy', 'validate', examples)).toBe(0);
    expect(out()).toContain('valid: 4 valid policies, 0 errors, 0 warnings');
  });

  it('exits 2 and prints file:line:col, path, message and hint for an invalid policy', async () => {
    const file = brokenPolicyFile();
    expect(await run('policy', 'validate', file)).toBe(2);
    expect(out()).toContain(`${file}:34:5 error spec.health.intervalSecond: unknown key \`intervalSecond\` (did you mean \`intervalSeconds\`?) [schema.unknown-key]`);
    expect(out()).toContain(`${file}:53:15 warning spec.failover.failback:`);
    expect(out()).toContain('invalid: 0 valid policies, 1 error, 1 warning');
  });

  it('prints one JSON document with --output json', async () => {
    const file = brokenPolicyFile();
    expect(await run('policy', 'validate', examples, file, '--output', 'json')).toBe(2);
    const report = JSON.parse(out()) as { valid: boolean; policies: { name: string }[]; diagnostics: { rule: string; line: number }[] };
    expect(report.valid).toBe(false);
    expect(report.policies.map((p) => p.name).sort()).toEqual(['billing', 'catalog', 'payments', 'shop']);
    expect(report.diagnostics.map((d) => d.rule)).toEqual(['schema.unknown-key', 'semantic.automatic-failback']);
  });

  it('adds ##vso logging commands when running in Azure Pipelines', async () => {
    vi.stubEnv('TF_BUILD', 'True');
    const file = brokenPolicyFile();
    await run('policy', 'validate', file);
    expect(out()).toContain(`##vso[task.logissue type=error;sourcepath=${file};linenumber=34;columnnumber=5;code=schema.unknown-key]spec.health.intervalSecond: unknown key`);
    expect(out()).toContain(`##vso[task.logissue type=warning;sourcepath=${file};linenumber=53;columnnumber=15;code=semantic.automatic-failback]`);
  });

  it('keeps JSON on stdout clean and sends ##vso lines to stderr', async () => {
    vi.stubEnv('TF_BUILD', 'True');
    await run('policy', 'validate', brokenPolicyFile(), '-o', 'json');
    expect(() => JSON.parse(out()) as unknown).not.toThrow();
    expect(err()).toContain('##vso[task.logissue type=error;');
  });

  it('prints no ##vso lines outside Azure Pipelines', async () => {
    vi.stubEnv('TF_BUILD', '');
    await run('policy', 'validate', brokenPolicyFile());
    expect(out()).not.toContain('##vso');
  });

  it('treats a missing file as invalid', async () => {
    expect(await run('policy', 'validate', '/nonexistent/policy.yaml')).toBe(2);
    expect(out()).toContain('/nonexistent/policy.yaml:1:1 error no such file or directory [file.not-found]');
  });

  it('rejects an unknown output format as a usage error', async () => {
    await expect(run('policy', 'validate', examples, '--output', 'xml')).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });
});

describe('aksdr policy schema', () => {
  it('prints the JSON Schema', async () => {
    expect(await run('policy', 'schema')).toBe(0);
    const schema = JSON.parse(out()) as { title: string; additionalProperties: boolean };
    expect(schema.title).toBe('aksdr FailoverPolicy');
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('aksdr policy explain', () => {
  it('explains detection, traffic shift and failback in words, then prints the effective policy', async () => {
    expect(await run('policy', 'explain', join(examples, 'active-passive-weighted.yaml'))).toBe(0);
    const text = out();
    expect(text).toContain('A hard outage of westeurope is detected after 3 consecutive failed evaluations, every 10 s: 20–30 s');
    expect(text).toContain('Traffic moves to northeurope in 2 steps (50%, 100%)');
    expect(text).toContain('Failback is manual');
    expect(text).toContain('endpointType: ExternalEndpoints');
    // Detection ≤ 34 s + scale-up budget + a 60 s pause, then one TTL of cached answers.
    expect(text).toMatch(/Users follow within the profile's DNS TTL \(1 min\) after that: all moved at worst \d+ min( \d+ s)?\./);
  });

  it('gives timing numbers in JSON', async () => {
    expect(await run('policy', 'explain', join(examples, 'priority-pair.yaml'), '--output', 'json')).toBe(0);
    const result = JSON.parse(out()) as { name: string; timing: { detectionMinSeconds: number; detectionMaxSeconds: number }; policy: { spec: { failover: { mode: string } } } };
    expect(result.name).toBe('billing');
    expect(result.timing).toMatchObject({ detectionMinSeconds: 45, detectionMaxSeconds: 60 });
    // No dnsTtlSeconds in this policy: the users' share of the timing is not counted, and said so.
    expect(result.timing).not.toHaveProperty('worstCaseUsersMovedSeconds');
    expect(result.policy.spec.failover.mode).toBe('manual');
  });

  it('exits 2 with the diagnostics for an invalid policy', async () => {
    expect(await run('policy', 'explain', brokenPolicyFile())).toBe(2);
    expect(out()).toContain('[schema.unknown-key]');
  });
});
