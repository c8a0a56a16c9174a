// Runbook: three `aksdr serve` replicas on one Azurite share four policies (copies of the lab's, in
// manual mode so none moves traffic). Each policy gets exactly one actor and the policies spread
// over the replicas; SIGKILL one replica → each of its policies gets a new actor, and every other
// policy keeps the one it had. Polls with generous bounds; no wall-clock assertions.
import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labEnvironment } from '../../src/lab/lab-files.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { startAzurite, type RunningAzurite } from '../fixtures/azurite.js';
import { spawnAksdr } from '../fixtures/cli.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { preferredReplica } from '../../src/service/replica-presence.js';
import { labPace, labTiming } from './support/lab-engine.js';

const policies = ['alpha', 'bravo', 'charlie', 'delta'];
interface Replica {
  name: string;
  child: ChildProcess;
  url: string;
  alive: boolean;
}

let lab: Lab;
let azurite: RunningAzurite;
let temp: Awaited<ReturnType<typeof withTempDir>>;
const replicas: Replica[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined>, boundMs = 150_000): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function start(name: string, env: Record<string, string>, dir: string): Promise<Replica> {
  const child = spawnAksdr(['serve', '--policies', dir, '--listen', '127.0.0.1:0', '--replica', name], env);
  const replica: Replica = { name, child, url: '', alive: true };
  replicas.push(replica);
  child.on('exit', () => (replica.alive = false));
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /"listening":"([^"]+)"/.exec(buffer);
      if (match?.[1] && !replica.url) {
        replica.url = match[1];
        resolve(replica);
      }
      if (buffer.length > 100_000) buffer = buffer.slice(-1_000);
    });
    child.once('exit', (code) => (replica.url ? undefined : reject(new Error(`${name} exited with ${code}`))));
  });
}

/** policy → the replicas reporting aksdr_leader 1 for it. */
async function actors(): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const r of replicas.filter((x) => x.alive)) {
    const families = parsePrometheusTextFormat(await (await fetch(`${r.url}/metrics`)).text());
    for (const m of families.find((f) => f.name === 'aksdr_leader')?.metrics ?? []) if (m.value === '1' && m.labels?.policy) (result[m.labels.policy] ??= []).push(r.name);
  }
  return result;
}

/** One actor per policy — and, when `preferred`, the replica the rendezvous hash prefers among the live ones. */
const settled = (a: Record<string, string[]>, preferred: boolean) => {
  const live = replicas.filter((r) => r.alive).map((r) => r.name);
  return policies.every((p) => a[p]?.length === 1 && (!preferred || a[p]?.[0] === preferredReplica(p, live)));
};

beforeAll(async () => {
  temp = await withTempDir('aksdr-spread-e2e-');
  [lab, azurite] = await Promise.all([startLab({ dir: path.join(temp.dir, 'lab'), seed: 3, ...labPace, timing: labTiming, tickIntervalMs: 50 }), startAzurite()]);
});
afterAll(async () => {
  for (const r of replicas) if (r.alive) r.child.kill('SIGKILL');
  await Promise.all([lab?.stop(), azurite?.stop()]);
  await temp?.cleanup();
});

describe('policies spread over replicas', () => {
  it('one actor per policy, spread by preference; killing a replica moves only its policies', { timeout: 420_000 }, async () => {
    const dir = path.join(temp.dir, 'policies');
    await mkdir(dir);
    const source = parse(await readFile(lab.info.policyFile ?? '', 'utf8')) as { metadata: { name: string }; spec: { failover: { mode: string }; health: { intervalSeconds: number } } };
    for (const name of policies) {
      source.metadata.name = name;
      source.spec.failover.mode = 'manual';
      // Only the leases matter here: probe rarely, so twelve engines do not load a shared machine.
      source.spec.health.intervalSeconds = 30;
      await writeFile(path.join(dir, `${name}.yaml`), stringify(source));
    }
    const env = { ...labEnvironment(lab.info), AKSDR_STATE_CONNECTION_STRING: azurite.connectionString, AKSDR_STATE_CONTAINER: 'aksdr-spread-e2e', AKSDR_LOG_LEVEL: 'warn' };
    await Promise.all(['s1', 's2', 's3'].map((name) => start(name, env, dir)));

    let last: Record<string, string[]> = {};
    const before = await until('one actor per policy, each on its preferred replica', async () => {
      last = await actors();
      return settled(last, true) ? last : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; last seen ${JSON.stringify(last)}`);
    });
    expect(new Set(Object.values(before).flat()).size).toBeGreaterThan(1);
    const victim = replicas.find((r) => r.name === before.alpha?.[0]);
    if (!victim) throw new Error('no victim');
    victim.child.kill('SIGKILL');
    victim.alive = false;

    const after = await until('the victim\'s policies to get new actors', async () => {
      const a = await actors();
      return settled(a, false) ? a : undefined;
    });
    for (const policy of policies) {
      const had = before[policy]?.[0];
      if (had === victim.name) expect(after[policy]?.[0]).not.toBe(victim.name);
      else expect(after[policy]).toEqual([had]);
    }
    console.info(`serve-spread: before ${JSON.stringify(before)}; ${victim.name} killed; after ${JSON.stringify(after)}`);
  });
});
