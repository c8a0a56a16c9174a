// The engine commands in-process, on the fakes: exit codes a pipeline can branch on (0 done, 2
// usage, 3 refused by a rule — named, with its evidence), confirmation, dry runs, plan, history.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerEngineCommands, type EngineCommandIo } from '../../src/cli/commands/engine/index.js';
import { isExitError } from '../../src/cli/exit-error.js';
import { systemClock, type Clock } from '../../src/engine/clock.js';
import { beat } from '../../src/engine/loop-presence.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { renderPolicyYaml } from '../../src/policy/index.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { SECONDARY, anEngineWorld, type EngineWorld } from './support/engine-world.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let world: EngineWorld;
let policyFile: string;
beforeEach(async () => {
  temp = await withTempDir('aksdr-engine-cli-');
  const input = aPolicy().withMode('automatic').input();
  world = anEngineWorld(aPolicy().withMode('automatic').build());
  policyFile = path.join(temp.dir, 'shop.yaml');
  await writeFile(policyFile, renderPolicyYaml(input, { schemaComment: '' }));
});
afterEach(async () => {
  await temp.cleanup();
});

/** A clock whose sleeps return at once, moving time on: a CLI waiting for a loop waits no real time. */
function jumpingClock(): Clock {
  let now = Date.now();
  return { now: () => now, sleep: (ms) => ((now += ms), Promise.resolve()) };
}

async function cli(args: string[], options: { confirm?: boolean; clock?: Clock; env?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: EngineCommandIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: () => ({ AKSDR_STATE_DIR: path.join(temp.dir, 'state'), USER: 'tester', ...options.env }),
    stderrIsTty: () => false,
    confirm: options.confirm === undefined ? undefined : () => Promise.resolve(options.confirm ?? false),
    onStop: () => () => undefined,
    runtime: () => Promise.resolve({ ports: world.ports, clock: options.clock ?? systemClock, close: () => Promise.resolve() }),
  };
  const program = new Command('aksdr').exitOverride().configureOutput({ writeOut: (t) => (stdout += t), writeErr: (t) => (stderr += t) });
  registerEngineCommands(program, io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, stdout, stderr };
    if (isExitError(error)) return { code: error.exitCode, stdout, stderr: `${stderr}${error.message}` };
    throw error;
  }
}

describe('aksdr failover', () => {
  it('fails over with --yes and exits 0; history shows the decision and the outcome', async () => {
    const result = await cli(['failover', policyFile, '--to', SECONDARY, '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('completed');
    expect((await world.endpoints())[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    const history = await cli(['history', policyFile, '--output', 'json']);
    const records = (JSON.parse(history.stdout) as { records: { kind: string; by?: string }[] }).records;
    expect(records.map((r) => r.kind)).toEqual(expect.arrayContaining(['command', 'decision', 'action']));
    expect(records.find((r) => r.kind === 'command')?.by).toBe('tester');
  });

  it('exits 3 when a rule refuses, naming the rule and its evidence', async () => {
    world.readiness.fail(SECONDARY, 'backupFreshness', 'newest backup is 300 min old');
    const result = await cli(['failover', policyFile, '--to', SECONDARY, '--yes']);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('refused by target-ready');
    expect(result.stdout).toContain('backupFreshness');
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
  });

  it('forced past the rule with a reason, it completes', async () => {
    world.readiness.fail(SECONDARY, 'backupFreshness', 'newest backup is 300 min old');
    const result = await cli(['failover', policyFile, '--to', SECONDARY, '--yes', '--force', 'target-ready', '--reason', 'backups are fine', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'completed', exitCode: 0 });
  });

  it('refuses a live failover without --yes when nobody can confirm (exit 2), after showing the plan', async () => {
    const result = await cli(['failover', policyFile, '--to', SECONDARY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --yes');
    expect(result.stdout).toContain('move 100% of the traffic');
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
  });

  it('asks on a terminal and does nothing when the answer is no', async () => {
    const result = await cli(['failover', policyFile, '--to', SECONDARY], { confirm: false });
    expect(result.code).toBe(1);
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
  });

  it('is a usage error to force without a reason, or to force an unknown rule', async () => {
    expect((await cli(['failover', policyFile, '--to', SECONDARY, '--yes', '--force', 'target-ready'])).code).toBe(2);
    expect((await cli(['failover', policyFile, '--to', SECONDARY, '--yes', '--force', 'no-such-rule', '--reason', 'x'])).code).toBe(2);
    expect((await cli(['failover', policyFile, '--to', 'mars', '--yes'])).code).toBe(2);
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const result = await cli(['failover', policyFile, '--to', SECONDARY, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dry-run');
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
  });

  it('queues the command for a live loop, says so, and withdraws it when no loop takes it in time (exit 1); a loop started later does not carry it out', async () => {
    const store = new FileStateStore(path.join(temp.dir, 'state'));
    await beat(store, 'shop', { startedAt: Date.now(), heartbeatAt: Date.now(), intervalMs: 10_000 }, Date.now());
    const result = await cli(['failover', policyFile, '--to', SECONDARY, '--yes', '--wait', '5'], { clock: jumpingClock() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a loop runs this policy \(pid \d+ on .+\); queued failover as [0-9a-f-]+ — it expires at /);
    expect(result.stdout).toContain('not carried out — no loop took it within 5 s; the command was withdrawn, nothing changed');
    const later = await cli(['run', policyFile, '--once']);
    expect(later.code).toBe(0);
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
    const history = await cli(['history', policyFile, '--output', 'json']);
    expect(history.stdout).toContain('not carried out: withdrawn by its sender');
  });

  it('does not wait for a loop whose process is gone (killed): it acts here at once', async () => {
    const store = new FileStateStore(path.join(temp.dir, 'state'));
    await beat(store, 'shop', { startedAt: Date.now(), heartbeatAt: Date.now(), intervalMs: 10_000 }, Date.now());
    const doc = await store.load<Record<string, unknown>>('shop.loop');
    await store.save('shop.loop', { ...doc?.data, pid: 2 ** 22 + 12345 }, doc?.revision ?? 0, new Date());
    const result = await cli(['failover', policyFile, '--to', SECONDARY, '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('completed (state FailedOver)');
  });

  it('rejects odd options as usage errors (exit 2): a bad --wait, an unforceable rule, an unknown region even in a dry run', async () => {
    expect((await cli(['failover', policyFile, '--to', SECONDARY, '--yes', '--wait', 'abc'])).code).toBe(2);
    expect((await cli(['failover', policyFile, '--to', SECONDARY, '--yes', '--wait', '-5'])).code).toBe(2);
    const unforceable = await cli(['failover', policyFile, '--to', SECONDARY, '--yes', '--force', 'keep-one-endpoint', '--reason', 'x']);
    expect(unforceable.code).toBe(2);
    expect(unforceable.stderr).toContain('keep-one-endpoint cannot be forced');
    expect((await cli(['failover', policyFile, '--to', 'mars', '--dry-run'])).code).toBe(2);
  });

  it('--force takes one value per flag, so the policy may follow it', async () => {
    world.readiness.fail(SECONDARY, 'backupFreshness', 'newest backup is 300 min old');
    const result = await cli(['failover', '--to', SECONDARY, '--force', 'target-ready', policyFile, '--yes', '--reason', 'checked by hand']);
    expect(result.code).toBe(0);
  });

  it('a move to the primary is a failback: already home when the primary takes the traffic (exit 0, nothing done)', async () => {
    const result = await cli(['failover', policyFile, '--to', 'westeurope', '--yes', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'unchanged', reasons: [expect.objectContaining({ code: 'already-home' })] });
  });
});

describe('aksdr plan, approve, run', () => {
  it('plan says what the engine would do and why, and changes nothing', async () => {
    world.observer.down.add('westeurope');
    const result = await cli(['plan', policyFile]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('westeurope: Suspect (1 failed evaluation in a row) — failing: ');
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
  });

  it('approve with nothing awaiting approval exits 1 (no rule refused it: there is nothing to do), in JSON too', async () => {
    const result = await cli(['approve', policyFile, '-o', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'nothing-to-do', exitCode: 1, reasons: [expect.objectContaining({ code: 'nothing-to-approve' })] });
  });

  it('run --once runs one cycle and reports it as JSON', async () => {
    const result = await cli(['run', policyFile, '--once', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ policy: 'shop', from: 'Steady', to: 'Steady' })]);
  });

  it('run does not start a second loop on a policy another live loop runs: it names that loop and exits 1', async () => {
    const store = new FileStateStore(path.join(temp.dir, 'state'));
    await beat(store, 'shop', { startedAt: Date.now(), heartbeatAt: Date.now(), intervalMs: 10_000 }, Date.now());
    const doc = await store.load<Record<string, unknown>>('shop.loop');
    // Another live process on this host (our parent) holds it.
    await store.save('shop.loop', { ...doc?.data, pid: process.ppid }, doc?.revision ?? 0, new Date());
    const result = await cli(['run', policyFile]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`another loop runs shop (pid ${process.ppid} on `);
  });

  it('run on a directory with one invalid file runs the valid policies and names the invalid one', async () => {
    await writeFile(path.join(temp.dir, 'broken.yaml'), 'apiVersion: aksdr/v1alpha1\nkind: FailoverPolicy\nmetadata: { name: broken }\nspec: { regions: 3 }\n');
    const result = await cli(['run', temp.dir, '--once', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/SKIPPING 1 invalid policy file\(s\) \(.*broken\.yaml\)/);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ policy: 'shop' })]);
  });

  it('takes the policy from $AKSDR_POLICY when none is named (as `source <lab>/env` sets it); says so when neither is there', async () => {
    expect((await cli(['failover', '--to', SECONDARY, '--yes'], { env: { AKSDR_POLICY: policyFile } })).code).toBe(0);
    const history = await cli(['history', '--output', 'json'], { env: { AKSDR_POLICY: policyFile } });
    expect(history.code).toBe(0);
    expect((JSON.parse(history.stdout) as { records: unknown[] }).records.length).toBeGreaterThan(0);
    const none = await cli(['history']);
    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr).toContain('no policy given: name a policy file (or directory), or set AKSDR_POLICY');
  });

  it('history --since rejects a time it cannot read (exit 2)', async () => {
    expect((await cli(['history', policyFile, '--since', 'yesterday-ish'])).code).toBe(2);
  });
});
