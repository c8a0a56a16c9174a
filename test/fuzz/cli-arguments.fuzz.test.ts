// Fuzzing of the command line: random argv for every command, built from the command tree itself
// (its subcommands, options and choices) with hostile values, missing values, unknown options and
// stray tokens, run in-process through `runCli` (what bin.ts runs). Property: the exit code is one of
// the documented ones (0 ok, 1 failed, 2 usage, 3 refused — never 70, an internal error), a usage
// error prints a message, nothing ever prints a stack trace, and each run ends within a bound.
//
// Commands that would act on the world with valid input (probe Azure, run a loop, start the lab or
// the service) only ever get a policy path that is missing or broken, or an unknown option, so
// their parsing and validation are fuzzed without touching a network or staying up; `policy` and
// `history` (local only) get valid policies too.
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandTable } from '../../src/cli/command-table.js';
import { buildProgram, runCli } from '../../src/cli/main.js';
import { renderPolicyYaml } from '../../src/policy/index.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { fuzzParameters, fuzzTimeout } from './fuzz-runs.js';

const documentedExitCodes = [0, 1, 2, 3];
const stackTrace = /\n\s+at .*:\d+:\d+|internal error/;
const caseBoundInMs = 10_000;

let temp: { dir: string; cleanup: () => Promise<void> };
let files: { valid: string; broken: string; missing: string; emptyDir: string; notYaml: string };
const savedEnv = { ...process.env };
/** What the working directory holds before the fuzzer runs: nothing may be left beside it. */
const entriesBefore = readdirSync(process.cwd()).sort();

beforeAll(async () => {
  temp = await withTempDir('aksdr-fuzz-cli-');
  files = {
    valid: path.join(temp.dir, 'shop.yaml'),
    broken: path.join(temp.dir, 'broken.yaml'),
    missing: path.join(temp.dir, 'missing.yaml'),
    emptyDir: path.join(temp.dir, 'empty'),
    notYaml: path.join(temp.dir, 'notes.txt'),
  };
  await writeFile(files.valid, renderPolicyYaml(aPolicy().input(), { schemaComment: '' }));
  await writeFile(files.broken, 'apiVersion: aksdr/v1alpha1\nkind: FailoverPolicy\nmetadata: { name: [\n');
  await writeFile(files.notYaml, 'hello');
  await mkdir(files.emptyDir);
  // Nothing a command does may land outside the temp folder or reach a real service.
  Object.assign(process.env, {
    AKSDR_STATE_DIR: path.join(temp.dir, 'state'),
    AKSDR_LAB_DIR: path.join(temp.dir, 'lab'),
    AKSDR_POLICY: files.broken,
    AKSDR_ARM_ENDPOINT: 'https://127.0.0.1:9',
    AZURE_AUTHORITY_HOST: 'https://127.0.0.1:9',
  });
  for (const name of ['TF_BUILD', 'AKSDR_API_TOKEN', 'AKSDR_STATE_CONTAINER_URL', 'AKSDR_STATE_CONNECTION_STRING']) Reflect.deleteProperty(process.env, name);
});
afterAll(async () => {
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) Reflect.deleteProperty(process.env, name);
  Object.assign(process.env, savedEnv);
  await temp.cleanup();
});

/** Runs argv in-process, capturing what the command and commander write. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string; elapsedInMs: number }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const started = performance.now();
  try {
    const code = await runCli(argv);
    return { code, stdout, stderr, elapsedInMs: performance.now() - started };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function expectDocumentedOutcome(argv: string[], result: Awaited<ReturnType<typeof run>>): void {
  const shown = `aksdr ${argv.map((a) => JSON.stringify(a)).join(' ')}\n--- stdout\n${result.stdout.slice(0, 2000)}\n--- stderr\n${result.stderr.slice(0, 2000)}`;
  expect(documentedExitCodes, shown).toContain(result.code);
  expect(result.stdout + result.stderr, shown).not.toMatch(stackTrace);
  if (result.code === 2) expect(result.stderr.trim() + result.stdout.trim(), `usage error without a message\n${shown}`).not.toBe('');
  if (result.code !== 0) expect((result.stderr + result.stdout).trim(), `failed silently\n${shown}`).not.toBe('');
  expect(result.elapsedInMs, shown).toBeLessThan(caseBoundInMs);
}

// ---- argv from the command tree ----

interface CommandShape {
  path: string[];
  argumentCount: number;
  options: { flag: string; takesValue: boolean; choices?: readonly string[] }[];
}

function shapesOf(command: Command, prefix: string[]): CommandShape[] {
  const here: CommandShape = {
    path: [...prefix, command.name()],
    argumentCount: command.registeredArguments.length,
    options: command.options.map((o) => ({ flag: o.long ?? o.short ?? '', takesValue: o.required || o.optional, ...(o.argChoices ? { choices: o.argChoices } : {}) })),
  };
  return [here, ...command.commands.flatMap((sub) => shapesOf(sub, here.path))];
}

/** Commands that act on the world (Azure, a loop, the lab, the service) when their input is valid. */
const acting = new Set(['status', 'check', 'plan', 'failover', 'failback', 'approve', 'resume', 'run', 'drill', 'serve', 'lab up', 'demo', 'lab fail', 'lab heal', 'lab down']);
/** Never reach their action in-process: they would stay up (the service, the lab, the demo, a loop). */
const stayUp = new Set(['serve', 'lab up', 'demo']);

const hostileValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '-1', '0', '1e309', 'NaN', 'Infinity', '0x10', '3.5', '99999999999999999999', '--', '-', '-x', '--output', 'json', 'text', 'westeurope', 'northeurope', 'all', 'target-ready,min-dwell', 'nope,', '127.0.0.1:0', '[::1]:99999', 'localhost:-5', '\u202Eevil', '../../etc/passwd', '%s%n', '$(id)', 'yesterday', '2026-13-45T99:00:00Z', '1h', '-5m'),
  fc.integer({ min: 5_000, max: 50_000 }).map((n) => 'x'.repeat(n)),
  fc.integer().map(String),
);

function pathValue(): fc.Arbitrary<string> {
  return fc.oneof(fc.constantFrom('missing', 'broken', 'emptyDir', 'notYaml').map((k) => files[k as keyof typeof files]), fc.string({ maxLength: 8 }).map((s) => path.join(temp.dir, 'any', s)));
}

function argvFor(shape: CommandShape): fc.Arbitrary<string[]> {
  const name = shape.path.slice(1).join(' ');
  const policyPaths = acting.has(name) ? pathValue() : fc.oneof(pathValue(), fc.constant(files.valid));
  const positional = fc.oneof({ weight: 3, arbitrary: policyPaths }, { weight: 1, arbitrary: hostileValue });
  const option = shape.options.length === 0
    ? fc.constant<string[]>([])
    : fc.constantFrom(...shape.options).chain((o) => {
        if (!o.takesValue) return fc.constant([o.flag]);
        // Paths stay inside the temp folder, so nothing a command writes lands elsewhere.
        const pathLike = /dir|report|policies|policy/.test(o.flag);
        const good = o.choices ? fc.constantFrom(...o.choices) : pathLike ? pathValue() : hostileValue;
        const bad = pathLike ? pathValue() : hostileValue;
        // A value, a hostile value, the `--flag=value` form, or the flag with its value missing.
        return fc.oneof({ weight: 3, arbitrary: good.map((v) => [o.flag, v]) }, { weight: 3, arbitrary: bad.map((v) => [`${o.flag}=${v}`]) }, { weight: 1, arbitrary: good.map((v) => [`${o.flag}=${v}`]) }, { weight: 1, arbitrary: fc.constant([o.flag]) });
      });
  const unknown = fc.oneof(fc.constantFrom('--fuzz-unknown', '-Z', '--no-such-option=1'), fc.string({ minLength: 1, maxLength: 10 }).map((s) => `--${s}`));
  return fc
    .record({
      // Mostly the right number of arguments and known options, so most cases reach the command's
      // own validation; sometimes one too many or too few, an unknown option or a stray token.
      positionals: fc.oneof({ weight: 4, arbitrary: fc.array(positional, { minLength: shape.argumentCount, maxLength: shape.argumentCount }) }, { weight: 1, arbitrary: fc.array(positional, { maxLength: shape.argumentCount + 1 }) }),
      options: fc.array(option, { maxLength: 4 }),
      extra: fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.oneof(hostileValue, unknown), { minLength: 1, maxLength: 2 }) }),
      mustFail: stayUp.has(name) ? unknown.map((u) => [u]) : fc.constant<string[]>([]),
    })
    .chain(({ positionals, options, extra, mustFail }) => fc.shuffledSubarray([...positionals, ...options.flat(), ...extra], { minLength: positionals.length + options.flat().length + extra.length }).map((rest) => [...shape.path.slice(1), ...mustFail, ...rest]));
}

const outcomes: string[] = [];
afterAll(() => {
  if (process.env.AKSDR_FUZZ_DEBUG) console.log(outcomes.join('\n'));
});

describe('aksdr command line, fuzzed', () => {
  it('the command tree is what the fuzzer walks (every top-level command, with its options)', async () => {
    for (const name of Object.keys(commandTable)) {
      const program = await buildProgram([name]);
      const command = program.commands.find((c) => c.name() === name);
      expect(command, name).toBeDefined();
    }
  });

  for (const name of Object.keys(commandTable)) {
    it(
      `${name}: random argv exits 0/1/2/3 with a message, never a stack trace`,
      async () => {
        const program = await buildProgram([name]);
        const top = program.commands.find((c) => c.name() === name);
        if (!top) throw new Error(`no command ${name}`);
        const shapes = shapesOf(top, ['aksdr']).filter((s) => s.path.length > 2 || top.commands.length === 0);
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...shapes).chain(argvFor), async (argv) => {
            const result = await run(argv);
            if (process.env.AKSDR_FUZZ_DEBUG) outcomes.push(`${result.code} ${argv.join(' ').slice(0, 100)} :: ${(result.stderr || result.stdout).split('\n')[0]?.slice(0, 100) ?? ''}`);
            expectDocumentedOutcome(argv, result);
          }),
          fuzzParameters(name === 'policy' || name === 'lab' ? 40 : 25),
        );
      },
      fuzzTimeout(40, 200),
    );
  }

  it(
    'random argv with no command at all',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(hostileValue, fc.constantFrom('--help', '--version', '-V', 'help', 'policy', 'nope')), { maxLength: 4 }), async (argv) => {
          expectDocumentedOutcome(argv, await run(argv));
        }),
        fuzzParameters(60),
      );
    },
    fuzzTimeout(60, 100),
  );
});

describe('regressions found by the command-line fuzzer', () => {
  it('a --state-dir that is a file is a clear failure (exit 1), not an internal error with a stack trace', async () => {
    const argv = ['history', files.valid, '--state-dir', files.notYaml];
    const result = await run(argv);
    expectDocumentedOutcome(argv, result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot open ${files.notYaml}/shop.audit.jsonl: a part of the path is not a directory (ENOTDIR)`);
  });
});

describe('the fuzzer itself', () => {
  it('left nothing in the working directory (every path it gave was inside its temp folder)', () => {
    expect(readdirSync(process.cwd()).sort()).toEqual(entriesBefore);
  });
});
