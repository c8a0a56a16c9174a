// The engine commands in-process, on the fakes: exit codes a pipeline can branch on (0 done, 2
// usage, 3 refused by a rule — named, with its evidence), confirmation, dry runs, plan, history.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerEngineCommands, type EngineCommandIo } from '../../src/cli/commands/engine/index.js';
import { isExitError } from '../../src/cli/exit-error.js';
import { systemClock } from '../../src/engine/clock.js';
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

async function cli(args: string[], options: { confirm?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: EngineCommandIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: () => ({ AKSDR_STATE_DIR: path.join(temp.dir, 'state'), USER: 'tester' }),
    stderrIsTty: () => false,
    confirm: options.confirm === undefined ? undefined : () => Promise.resolve(options.confirm ?? false),
    onStop: () => () => undefined,
    runtime: () => Promise.resolve({ ports: world.ports, clock: systemClock, close: () => Promise.resolve() }),
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

  it('queues the command for a loop that runs elsewhere instead of acting itself', async () => {
    const store = new FileStateStore(path.join(temp.dir, 'state'));
    await beat(store, 'shop', { startedAt: Date.now(), heartbeatAt: Date.now(), intervalMs: 10_000 }, Date.now());
    const result = await cli(['failover', policyFile, '--to', SECONDARY, '--yes', '--wait', '0']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('queued for the running loop');
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
  });
});

describe('aksdr plan, approve, run', () => {
  it('plan says what the engine would do and why, and changes nothing', async () => {
    world.observer.down.add('westeurope');
    const result = await cli(['plan', policyFile]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('westeurope Suspect');
    expect(world.trafficManager.calls.some((c) => c.startsWith('setEndpoint'))).toBe(false);
  });

  it('approve with nothing awaiting approval exits 3', async () => {
    const result = await cli(['approve', policyFile]);
    expect(result.code).toBe(3);
  });

  it('run --once runs one cycle and reports it as JSON', async () => {
    const result = await cli(['run', policyFile, '--once', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ policy: 'shop', from: 'Steady', to: 'Steady' })]);
  });

  it('history --since rejects a time it cannot read (exit 2)', async () => {
    expect((await cli(['history', policyFile, '--since', 'yesterday-ish'])).code).toBe(2);
  });
});
