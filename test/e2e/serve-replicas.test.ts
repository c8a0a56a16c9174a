// Runbook: three `aksdr serve` replicas share one Azurite (state, journal, leases) and watch the lab.
//   1. exactly one replica reports aksdr_leader{policy="shop"} 1;
//   2. SIGKILL it → another takes over within the lease period (+ one attempt period);
//   3. the primary region goes down → the failover starts; SIGKILL the acting replica mid-operation
//      → the last replica takes over and resumes the operation from the journal;
//   4. in the end: weights on the secondary, one restore, every step completed once, never two
//      replicas reporting leadership at once, and — from ARM's side, through a recording proxy per
//      replica — the writes come in one run per replica, none after a kill, one per endpoint;
//      the approve endpoint refuses a missing token;
//      /metrics parses as Prometheus text; no secret in any output line of any replica.
// No wall-clock assertions: every wait polls with a generous bound.
import type { ChildProcess } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/engine/executor/journal.js';
import { labEnvironment } from '../../src/lab/lab-files.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { AZURITE_ACCOUNT_KEY, startAzurite, type RunningAzurite } from '../fixtures/azurite.js';
import { spawnAksdr } from '../fixtures/cli.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { armRecorder, type ArmRecorder } from './support/arm-recorder.js';
import { labEndpoints, labPace, labTiming } from './support/lab-engine.js';


const API_TOKEN = 'e2e-api-token-0123456789abcdef';
const CONTAINER = 'aksdr-serve-e2e';

interface Replica {
  name: string;
  child: ChildProcess;
  url: string;
  output: string[];
  alive: boolean;
  exitCode?: number | null;
}

let lab: Lab;
let azurite: RunningAzurite;
let temp: Awaited<ReturnType<typeof withTempDir>>;
let arm: ArmRecorder;
const replicas: Replica[] = [];
const killedAt = new Map<string, number>();

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, boundMs = 120_000): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function start(name: string, env: Record<string, string>, policiesDir: string): Promise<Replica> {
  const child = spawnAksdr(['serve', '--policies', policiesDir, '--listen', '127.0.0.1:0', '--replica', name, '--shutdown-timeout', '10'], env);
  const replica: Replica = { name, child, url: '', output: [], alive: true };
  replicas.push(replica);
  child.on('exit', (code) => {
    replica.alive = false;
    replica.exitCode = code;
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        replica.output.push(line);
        const parsed = (() => {
          try {
            return JSON.parse(line) as { listening?: string };
          } catch {
            return {};
          }
        })();
        if (parsed.listening && !replica.url) {
          replica.url = parsed.listening;
          resolve(replica);
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => replica.output.push(...chunk.toString().split('\n')));
    child.once('exit', (code) => (replica.url ? undefined : reject(new Error(`${name} exited with ${code}:\n${replica.output.join('\n')}`))));
  });
}

async function leaderValue(replica: Replica): Promise<number | undefined> {
  if (!replica.alive) return undefined;
  const res = await fetch(`${replica.url}/metrics`);
  const families = parsePrometheusTextFormat(await res.text());
  const metric = families.find((f) => f.name === 'aksdr_leader')?.metrics.find((m) => m.labels?.policy === 'shop');
  return metric?.value === undefined ? undefined : Number(metric.value);
}

async function leaders(): Promise<Replica[]> {
  const values = await Promise.all(replicas.map(async (r) => [r, await leaderValue(r).catch(() => undefined)] as const));
  return values.filter(([, v]) => v === 1).map(([r]) => r);
}

async function journal(): Promise<JournalRecord[]> {
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(CONTAINER);
  const text = (await container.getBlobClient('shop.journal.jsonl').downloadToBuffer().catch(() => Buffer.from(''))).toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JournalRecord);
}

beforeAll(async () => {
  temp = await withTempDir('aksdr-serve-e2e-');
  [lab, azurite] = await Promise.all([startLab({ dir: path.join(temp.dir, 'lab'), seed: 21, ...labPace, timing: labTiming, tickIntervalMs: 50 }), startAzurite()]);
  arm = armRecorder(lab);
});
afterAll(async () => {
  for (const r of replicas) if (r.alive) r.child.kill('SIGKILL');
  await arm?.close();
  await Promise.all([lab?.stop(), azurite?.stop()]);
  await temp?.cleanup();
});

describe('three aksdr serve replicas on one Azurite and the lab', () => {
  it('one actor; a killed actor is replaced and its operation resumed; one failover; never two actors', { timeout: 420_000 }, async () => {
    const policiesDir = path.join(temp.dir, 'policies');
    await mkdir(policiesDir);
    await copyFile(lab.info.policyFile ?? '', path.join(policiesDir, 'shop.yaml'));
    const env = { ...labEnvironment(lab.info), AKSDR_STATE_CONNECTION_STRING: azurite.connectionString, AKSDR_STATE_CONTAINER: CONTAINER, AKSDR_API_TOKEN: API_TOKEN, AKSDR_LOG_LEVEL: 'info' };
    // Each replica reaches ARM through its own recording proxy: the ARM writes say who made them.
    await Promise.all(['r1', 'r2', 'r3'].map(async (name) => start(name, { ...env, AKSDR_ARM_ENDPOINT: await arm.forReplica(name) }, policiesDir)));

    // Never two actors: sampled all along, in the background.
    let sampling = true;
    let maxSimultaneous = 0;
    const sampler = (async () => {
      while (sampling) {
        maxSimultaneous = Math.max(maxSimultaneous, (await leaders()).length);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    const first = await until('one leader', async () => {
      const found = await leaders();
      return found.length === 1 ? found[0] : undefined;
    });
    const metrics = await (await fetch(`${first.url}/metrics`)).text();
    expect(() => parsePrometheusTextFormat(metrics)).not.toThrow();
    expect((await fetch(`${first.url}/api/v1/policies/shop/approve`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);

    let killedAtMs = Date.now();
    killedAt.set(first.name, killedAtMs);
    first.child.kill('SIGKILL');
    first.alive = false;
    const second = await until('a new leader after SIGKILL', async () => {
      const found = await leaders();
      return found.length === 1 && found[0] !== first ? found[0] : undefined;
    });
    console.info(`serve-replicas: ${first.name} killed, ${second.name} took over after ${((Date.now() - killedAtMs) / 1000).toFixed(1)} s (measured, not asserted)`);

    lab.inject('westeurope', 'region-down');
    const operation = await until('the failover to start', async () => (await journal()).find((r) => r.kind === 'operation' && r.phase === 'started'));
    const stepsDone = (await journal()).filter((r) => r.operationId === operation.operationId && r.kind !== 'operation' && r.phase === 'completed').length;
    killedAtMs = Date.now();
    killedAt.set(second.name, killedAtMs);
    second.child.kill('SIGKILL');
    second.alive = false;
    const third = await until('the last replica to take over', async () => {
      const found = await leaders();
      return found.length === 1 && found[0] !== second ? found[0] : undefined;
    });
    console.info(`serve-replicas: ${second.name} killed during ${operation.operationId} after ${stepsDone} completed step(s); ${third.name} took over after ${((Date.now() - killedAtMs) / 1000).toFixed(1)} s`);

    await until('the failover to complete', async () => (await journal()).find((r) => r.operationId === operation.operationId && r.kind === 'operation' && r.phase !== 'started'), 180_000);
    sampling = false;
    await sampler;

    const records = await journal();
    const ended = records.filter((r) => r.kind === 'operation' && r.phase !== 'started');
    expect(ended).toEqual([expect.objectContaining({ phase: 'completed', operationId: operation.operationId })]);
    const completed = records.filter((r) => r.kind !== 'operation' && r.phase === 'completed').map((r) => r.stepIndex);
    expect(completed).toEqual([...new Set(completed)].sort((a, b) => a - b));
    expect(labEndpoints(lab).northeurope).toEqual({ status: 'Enabled', weight: 1000 });
    const secondary = lab.state().clusters.find((c) => c.region === 'northeurope');
    expect(secondary?.restores).toHaveLength(1);
    expect(maxSimultaneous).toBe(1);

    // Never two actors, from ARM's side: the writes (weights, node pools) come in one run per
    // replica, and a killed replica wrote nothing after it was killed.
    const writes = arm.calls.filter((c) => c.method !== 'GET' && !c.path.includes('/listClusterUserCredential'));
    expect(writes.length).toBeGreaterThan(0);
    const runs = writes.map((w) => w.replica).filter((r, i, all) => i === 0 || all[i - 1] !== r);
    expect(new Set(runs).size).toBe(runs.length);
    for (const w of writes) expect(w.at).toBeLessThan(killedAt.get(w.replica) ?? Infinity);
    // One weight change per endpoint: nothing was written twice, by the same or by another replica.
    const endpointWrites = writes.filter((w) => /Endpoints\//i.test(w.path)).map((w) => w.path.split('?')[0]);
    expect(endpointWrites.length).toBeGreaterThan(0);
    expect(new Set(endpointWrites).size).toBe(endpointWrites.length);
    console.info(`serve-replicas: ARM writes ${writes.map((w) => `${w.replica} ${w.method} ${w.path.split('?')[0]?.split('/').slice(-2).join('/')}`).join(', ')}`);

    third.child.kill('SIGTERM');
    await until('a graceful stop', () => Promise.resolve(!third.alive), 60_000);
    expect(third.exitCode).toBe(0);
    expect(third.output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    const output = replicas.flatMap((r) => r.output).join('\n');
    for (const secret of [lab.info.clientSecret, AZURITE_ACCOUNT_KEY, API_TOKEN, lab.info.controlToken]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
  });
});
