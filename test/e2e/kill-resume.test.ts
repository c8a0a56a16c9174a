// Chaos: `aksdr run` as a child process against a lab started here; the primary region goes down,
// and the controller is killed with SIGKILL right after the journal records each step of the
// failover as started — then started again, which must resume where the journal says. In the end:
// the weights are on the secondary, exactly one restore exists there, and every step completed once.
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/engine/executor/journal.js';
import { spawnAksdr } from '../fixtures/cli.js';
import { labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';

// The primary dies as real regions do (region-down's default, blackhole: every call runs into its timeout).

const PRIMARY = 'westeurope';
const SECONDARY = 'northeurope';

let world: LabEngine;
beforeAll(async () => {
  world = await startLabEngine();
});
afterAll(async () => {
  await world?.close();
});

async function journal(): Promise<JournalRecord[]> {
  const text = await readFile(path.join(world.stateDir, `${world.policy.metadata.name}.journal.jsonl`), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JournalRecord];
      } catch {
        return [];
      }
    });
}

async function engineState(): Promise<string | undefined> {
  const text = await readFile(path.join(world.stateDir, `${world.policy.metadata.name}.json`), 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as { data: { engine: { kind: string } } }).data.engine.kind : undefined;
}

let failoverId = '';
async function primaryHealth(): Promise<string | undefined> {
  const text = await readFile(path.join(world.stateDir, `${world.policy.metadata.name}.json`), 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as { data: { health: { regions: Record<string, { status: string }> } } }).data.health.regions[PRIMARY]?.status : undefined;
}

// What the controllers said (warnings and errors), shown when the test fails.
const controllerLog: string[] = [];

function startController(): ChildProcess {
  const child = spawnAksdr(['run', world.policyFile, '--state-dir', world.stateDir], { ...world.env, AKSDR_LOG_LEVEL: process.env.AKSDR_TEST_LOG_LEVEL ?? 'warn' });
  const pid = child.pid;
  child.stdout?.on('data', (d: Buffer) => controllerLog.push(`[${pid}] ${d.toString().trimEnd()}`));
  child.stderr?.on('data', (d: Buffer) => controllerLog.push(`[${pid}] ${d.toString().trimEnd()}`));
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

describe('aksdr run killed with SIGKILL at every step of a failover, then of the failback', () => {
  it('resumes after each kill and completes the failover exactly once', { timeout: 240_000 }, async () => {
    const killedAt: string[] = [];
    let child = startController();
    try {
      // The controller watches a healthy pair first (and remembers what the primary runs), then the
      // primary region goes down.
      await until('a steady state', async () => ((await engineState()) === 'Steady' ? true : undefined), 60_000);
      const primaryCluster = world.policy.spec.regions.find((r) => r.name === PRIMARY)?.cluster.toLowerCase() ?? '';
      await until(
        "the primary's deployments in the memory on disk",
        async () => ((await readFile(path.join(world.stateDir, 'deployments-memory.json'), 'utf8').catch(() => '')).includes(`"${primaryCluster}|`) ? true : undefined),
        60_000,
      );
      world.lab.inject(PRIMARY, 'region-down');
      const operation = await until('the failover to start', async () => (await journal()).find((r) => r.kind === 'operation' && r.phase === 'started' && r.operationId.includes('-failover-')), 90_000);
      failoverId = operation.operationId;
      child = await killAtEveryStep(operation.operationId, child, killedAt);
      await until('the state FailedOver', async () => ((await engineState()) === 'FailedOver' ? true : undefined), 60_000);
    } catch (error) {
      console.error(`controller output:\n${controllerLog.join('\n')}\nstate: ${await engineState()}`);
      throw error;
    } finally {
      await kill(child, 'SIGTERM');
    }
    console.info(`killed with SIGKILL after: ${killedAt.join(', ')}`);

    expect(killedAt.length).toBeGreaterThanOrEqual(5);
    expect(labEndpoints(world.lab)[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });
    expect(labEndpoints(world.lab)[PRIMARY]?.status).toBe('Disabled');
    const secondary = world.lab.state().clusters.find((c) => c.region === SECONDARY);
    expect(secondary?.restores).toHaveLength(1);
    expect(secondary?.restores[0]?.phase).toBe('Completed');
    await expectEachStepCompletedOnce(failoverId);
  });

  it('and at every step of the failback that follows: the steady weights once, no restore into the primary', { timeout: 240_000 }, async () => {
    const killedAt: string[] = [];
    world.lab.heal();
    // The loop watches the primary recover (healthyAfter passes), then stops.
    const watcher = startController();
    await until('the primary Healthy again', async () => ((await primaryHealth()) === 'Healthy' ? true : undefined), 120_000);
    await kill(watcher, 'SIGTERM');
    // A person starts the failback from the CLI (no loop runs now); it is killed at its first step,
    // and the loop started after it resumes the operation from the journal — killed at every step too.
    let child = spawnAksdr(['failback', world.policyFile, '--state-dir', world.stateDir, '--yes', '--force', 'failback-hold-down,min-dwell', '--reason', 'chaos test'], { ...world.env, AKSDR_LOG_LEVEL: 'warn' });
    try {
      const operation = await until('the failback to start', async () => (await journal()).find((r) => r.kind === 'operation' && r.phase === 'started' && r.operationId.includes('-failback-')), 90_000);
      child = await killAtEveryStep(operation.operationId, child, killedAt);
      await until('the state Steady', async () => ((await engineState()) === 'Steady' ? true : undefined), 60_000);
      await expectEachStepCompletedOnce(operation.operationId);
    } catch (error) {
      console.error(`controller output:\n${controllerLog.join('\n')}\nstate: ${await engineState()}`);
      throw error;
    } finally {
      await kill(child, 'SIGTERM');
    }
    console.info(`failback killed with SIGKILL after: ${killedAt.join(', ')}`);
    expect(killedAt.length).toBeGreaterThanOrEqual(2);
    expect(labEndpoints(world.lab)).toMatchObject({ [PRIMARY]: { status: 'Enabled', weight: 1000 }, [SECONDARY]: { status: 'Enabled', weight: 1 } });
    expect(world.lab.state().clusters.find((c) => c.region === PRIMARY)?.restores).toEqual([]);
    expect(world.lab.state().clusters.find((c) => c.region === SECONDARY)?.restores).toHaveLength(1);
  });
});

/** Kills the process running `operationId` right after each of its steps is journaled as started, restarting the loop each time. */
async function killAtEveryStep(operationId: string, first: ChildProcess, killedAt: string[]): Promise<ChildProcess> {
  let child = first;
  for (let step = 0; ; step++) {
    const seen = await until(
      `step ${step} or the end`,
      async () => (await journal()).find((r) => r.operationId === operationId && ((r.stepIndex >= step && r.phase === 'started') || (r.kind === 'operation' && r.phase !== 'started'))),
      60_000,
    );
    if (seen.kind === 'operation') return child;
    await kill(child, 'SIGKILL');
    killedAt.push(`${seen.stepIndex}:${seen.kind}`);
    step = seen.stepIndex;
    child = startController();
  }
}

/** Every step of the operation completed exactly once, and the operation once. */
async function expectEachStepCompletedOnce(operationId: string): Promise<void> {
  const records = (await journal()).filter((r) => r.operationId === operationId);
  const completed = records.filter((r) => r.kind !== 'operation' && r.phase === 'completed').map((r) => r.stepIndex);
  expect(completed).toEqual([...new Set(completed)].sort((a, b) => a - b));
  expect(records.filter((r) => r.kind === 'operation' && r.phase === 'completed')).toHaveLength(1);
}
