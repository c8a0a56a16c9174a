// Scale and footprint of one controller process: the real `aksdr run` (dist/cli/bin.js, as a user
// starts it) over a folder of N policies, in its own process, against one lab in this process.
// scale-instrument.js, loaded with `node --import`, notes each cycle's start and the process's CPU
// time and resident memory once a second; from those: lateness of cycle starts (how much later
// than one interval after the policy's previous start), CPU time per minute, resident memory.
//
// The lab's world: N primary clusters and one shared standby (`northeurope`), so the process watches
// N + 1 clusters; every policy is one primary and the standby, in the lab's one Traffic Manager
// profile (each policy reads only its own two endpoints). Sharing the standby and the profile keeps
// the lab cheap and ARM's read budget (25 a second per subscription and principal) unspent: per
// cluster ARM reads are 2 a minute, so 500 clusters read 1,000 a minute; with a profile per policy
// it would be 2,500 a minute, past what ARM allows one principal (see the rendered doc).
// Policies run in `manual` mode at a 10 s interval: a probe that fails under load shows as an
// unhealthy evaluation, never as an action that would change the world under the other policies.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { labEnv } from '../../test/e2e/support/lab-engine.js';
import { withTempDir } from '../../test/fixtures/temp-dir.js';
import { round, spread, type Spread } from './stats.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const standby = 'northeurope';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface ScaleLab {
  lab: Lab;
  dir: string;
  env: Record<string, string>;
  primaries: string[];
  close(): Promise<void>;
}

export interface ScaleOptions {
  intervalSeconds: number;
  /** Cycles every policy finishes before measuring (connections, tokens and caches warm up). */
  warmupCycles: number;
  measuredIntervals: number;
  /** Extra Node options for the controller process (e.g. a heap cap). */
  nodeArgs?: string[];
}

export interface ScaleRun {
  policies: number;
  clusters: number;
  nodeArgs: string[];
  intervalSeconds: number;
  measuredIntervals: number;
  /** From spawning `aksdr run` to every policy's first cycle started (policies loaded, loops running). */
  startupMs: number;
  /** From spawning to every policy having finished its warm-up cycles (credentials fetched, connections open). */
  warmMs: number;
  cyclesMeasured: number;
  /** Cycle starts in the window. */
  cyclesStarted: number;
  /** Cycle starts later than one interval after the same policy's previous start, ms. */
  latenessMs: Spread;
  /** How long a cycle took, ms (cycles that started and ended in the window). */
  cycleMs: Spread;
  /** Cycles in which a region was not Healthy or its latest evaluation failed (load showing as failures). */
  cyclesWithFailures: number;
  cpuMsPerMinute: number;
  /** CPU time over wall time: 1 = one core busy all the time. */
  cpuShareOfCore: number;
  /** Resident memory over the measured window (median of the samples) and the process's peak. */
  rssMiB: { steady: number; peak: number };
  /** V8 heap in use and memory outside it (buffers, TLS), median over the window. */
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  /** ARM reads the lab admitted per minute while measuring (the whole process). */
  armReadsPerMinute: number;
  /** CPU of this process (the lab) over the window, as a share of one core. */
  labCpuShareOfCore: number;
}

interface Sample {
  at: number;
  cpuMs: number;
  rss: number;
  maxRss: number;
  heapUsed: number;
  heapTotal?: number;
  external: number;
  /** Policy and start time of each cycle begun since the last sample. */
  starts: [string, number][];
  /** Policy, start time, duration and failing regions of each cycle ended since the last sample. */
  cycles: [string, number, number, number][];
}

/** A lab with `maxPolicies` primary clusters and the shared standby; every endpoint's weight as its role wants. */
export async function startScaleLab(maxPolicies: number, seed = 5150): Promise<ScaleLab> {
  const temp = await withTempDir('aksdr-scale-');
  const primaries = ['westeurope', ...Array.from({ length: maxPolicies - 1 }, (_, i) => `p${String(i + 1).padStart(3, '0')}`)];
  const lab = await startLab({ dir: path.join(temp.dir, 'lab'), seed, regions: [primaries[0] ?? 'westeurope', standby, ...primaries.slice(1)] });
  const endpoints = lab.ctx.world.trafficManager.properties.endpoints as { name: string; properties: { weight: number } }[];
  for (const endpoint of endpoints) endpoint.properties.weight = endpoint.name === 'ep-neu' ? 1 : 1000;
  const env = await labEnv(lab.info.envFile);
  return {
    lab,
    dir: temp.dir,
    env,
    primaries,
    close: async () => {
      await lab.stop();
      await temp.cleanup();
    },
  };
}

export async function writePolicies(scaleLab: ScaleLab, count: number, intervalSeconds: number, dir: string): Promise<void> {
  const { info } = scaleLab.lab;
  const base = parse(await readFile(info.policyFile ?? '', 'utf8')) as { metadata: Record<string, unknown>; spec: Record<string, Record<string, unknown>> };
  const baseRegions = base.spec.regions as unknown as Record<string, unknown>[];
  const template = baseRegions.find((r) => r.name === standby) ?? {};
  const regionEntry = (region: string, role: 'primary' | 'secondary'): Record<string, unknown> => {
    const cluster = info.clusters[region];
    if (!cluster) throw new Error(`the scale lab has no cluster in ${region}`);
    const short = cluster.name.replace(/^aks-/, '');
    return { ...template, name: region, role, cluster: cluster.resourceId, endpoint: `ep-${short}`, app: { url: cluster.appUrl } };
  };
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const primary = scaleLab.primaries[i] ?? '';
    const doc = structuredClone(base);
    doc.metadata = { ...doc.metadata, name: `shop-${String(i).padStart(3, '0')}` };
    (doc.spec as Record<string, unknown>).regions = [regionEntry(primary, 'primary'), regionEntry(standby, 'secondary')];
    doc.spec.trafficManager = { ...doc.spec.trafficManager, steadyWeights: { [primary]: 1000, [standby]: 1 } };
    doc.spec.health = { ...doc.spec.health, intervalSeconds, timeoutSeconds: 4 };
    doc.spec.failover = { ...doc.spec.failover, mode: 'manual' };
    await writeFile(path.join(dir, `shop-${String(i).padStart(3, '0')}.yaml`), stringify(doc));
  }
}

async function readSamples(file: string): Promise<Sample[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Sample);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** One `aksdr run` over `count` policies for warm-up plus measured intervals. */
export async function scaleRun(scaleLab: ScaleLab, count: number, options: ScaleOptions): Promise<ScaleRun> {
  const runDir = path.join(scaleLab.dir, `run-${count}-${Date.now()}`);
  const policyDir = path.join(runDir, 'policies');
  await writePolicies(scaleLab, count, options.intervalSeconds, policyDir);
  const samplesFile = path.join(runDir, 'samples.jsonl');
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...scaleLab.env, AKSDR_BENCH_SAMPLES: samplesFile };
  delete env.NODE_OPTIONS;
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', path.join(root, 'bench', 'lib', 'scale-instrument.js'), path.join(root, 'dist', 'cli', 'bin.js'), 'run', policyDir, '--state-dir', path.join(runDir, 'state')], {
    cwd: runDir,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const intervalMs = options.intervalSeconds * 1000;
  try {
    // Every policy's loop has started its first cycle (start-up), then finished `warmupCycles` (the
    // first cycles fetch every cluster's credentials through ARM, whose write budget paces them).
    let startedAll = 0;
    const completed = new Map<string, number>();
    while (completed.size < count || [...completed.values()].some((n) => n < options.warmupCycles)) {
      if (child.exitCode !== null) throw new Error(`aksdr run exited ${String(child.exitCode)}: ${stderr}`);
      if (Date.now() - spawnedAt > 240_000) throw new Error(`aksdr run did not warm ${count} loops within 4 minutes (${completed.size} ran a cycle): ${stderr}`);
      await sleep(250);
      completed.clear();
      const firstStarts = new Map<string, number>();
      for (const s of await readSamples(samplesFile)) {
        for (const [name, at] of s.cycles) {
          completed.set(name, (completed.get(name) ?? 0) + 1);
          firstStarts.set(name, Math.min(at, firstStarts.get(name) ?? at));
        }
      }
      if (firstStarts.size === count) startedAll = Math.max(...firstStarts.values());
    }
    const warmMs = Date.now() - spawnedAt;
    const windowStart = Date.now();
    const labCpuBefore = process.cpuUsage();
    const armBefore = scaleLab.lab.armRequestsAdmitted().reads;
    await sleep(options.measuredIntervals * intervalMs + 1_500);
    const windowEnd = Date.now() - 1_500;
    const labCpu = process.cpuUsage(labCpuBefore);
    const armReads = scaleLab.lab.armRequestsAdmitted().reads - armBefore;
    const samples = await readSamples(samplesFile);
    if (process.env.AKSDR_BENCH_KEEP) await writeFile(path.join(process.env.AKSDR_BENCH_KEEP, `scale-${count}.jsonl`), await readFile(samplesFile));
    const all = samples.flatMap((s) => s.cycles);
    const byPolicy = new Map<string, number[]>();
    for (const [name, at] of samples.flatMap((s) => s.starts)) byPolicy.set(name, [...(byPolicy.get(name) ?? []), at]);
    const lateness: number[] = [];
    for (const starts of byPolicy.values()) {
      starts.sort((a, b) => a - b);
      for (let i = 1; i < starts.length; i++) {
        const at = starts[i] ?? 0;
        if (at >= windowStart && at < windowEnd) lateness.push(Math.max(0, at - (starts[i - 1] ?? 0) - intervalMs));
      }
    }
    const measured = all.filter(([, at]) => at >= windowStart && at < windowEnd);
    const inWindow = samples.filter((s) => s.at >= windowStart && s.at <= windowEnd);
    const first = inWindow[0];
    const last = inWindow.at(-1);
    const wallMs = (last?.at ?? 0) - (first?.at ?? 0);
    const cpuMs = (last?.cpuMs ?? 0) - (first?.cpuMs ?? 0);
    const mib = (bytes: number): number => round(bytes / 2 ** 20, 1);
    return {
      policies: count,
      clusters: count + 1,
      nodeArgs: options.nodeArgs ?? [],
      intervalSeconds: options.intervalSeconds,
      measuredIntervals: options.measuredIntervals,
      startupMs: startedAll - spawnedAt,
      warmMs,
      cyclesStarted: lateness.length,
      cyclesMeasured: measured.length,
      latenessMs: spread(lateness),
      cycleMs: spread(measured.map(([, , took]) => took)),
      cyclesWithFailures: measured.filter(([, , , failing]) => failing > 0).length,
      cpuMsPerMinute: round((cpuMs / Math.max(1, wallMs)) * 60_000, 0),
      cpuShareOfCore: round(cpuMs / Math.max(1, wallMs), 3),
      rssMiB: { steady: mib(spread(inWindow.map((s) => s.rss)).p50), peak: mib(Math.max(...samples.map((s) => s.maxRss))) },
      heapUsedMiB: mib(spread(inWindow.map((s) => s.heapUsed)).p50),
      heapTotalMiB: mib(spread(inWindow.map((s) => s.heapTotal ?? Number.NaN)).p50),
      externalMiB: mib(spread(inWindow.map((s) => s.external)).p50),
      armReadsPerMinute: round((armReads / Math.max(1, windowEnd - windowStart)) * 60_000, 0),
      labCpuShareOfCore: round((labCpu.user + labCpu.system) / 1000 / Math.max(1, windowEnd - windowStart), 3),
    };
  } finally {
    await stop(child);
  }
}

/** Growth between the smallest and the largest run: per added policy (and cluster). */
export function growth(runs: readonly ScaleRun[]): { rssMiBPerPolicy: number; cpuMsPerMinutePerPolicy: number } | undefined {
  const sorted = [...runs].sort((a, b) => a.policies - b.policies);
  const small = sorted[0];
  const large = sorted.at(-1);
  if (!small || !large || large.policies === small.policies) return undefined;
  const n = large.policies - small.policies;
  return { rssMiBPerPolicy: round((large.rssMiB.steady - small.rssMiB.steady) / n, 3), cpuMsPerMinutePerPolicy: round((large.cpuMsPerMinute - small.cpuMsPerMinute) / n, 1) };
}
