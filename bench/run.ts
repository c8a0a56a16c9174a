// `npm run bench:quick` (about 3 minutes) and `npm run bench` (the full set): runs each benchmark of
// docs/BENCHMARKS.md, writes the figures to bench/results/<time>.json and rewrites
// docs/BENCHMARKS.md from them — method, machine, every figure with its spread, each goal met or not.
// Benchmarks never run inside `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { createObserver } from '../src/app/index.js';
import { ManualClock, seededRandom } from '../src/lab/clock.js';
import type { FailoverPolicy } from '../src/policy/index.js';
import { requestCount, startLabWorld } from '../test/app/fixtures/lab-world.js';
import { aPolicy } from '../test/core/builders/policy-builder.js';
import { detectionTrial, type DetectionTrial } from './lib/detection.js';
import { soak, trafficManagerDefault, trafficManagerDetectionSeconds, trafficManagerFast } from './lib/noise-soak.js';
import { renderBenchmarks } from './lib/render.js';
import { growth, scaleRun, startScaleLab } from './lib/scale.js';
import { round, spread } from './lib/stats.js';

const quick = process.argv.includes('--quick');
const root = path.resolve(import.meta.dirname, '..');

interface DetectionOptions {
  variant?: (p: FailoverPolicy) => FailoverPolicy;
  /** The lab profile's DNS TTL, seconds. */
  ttlSeconds: number;
  /** Trials run at once, each with its own lab (1: one after another). */
  concurrency: number;
}

async function detection(trials: number, label: string, options: DetectionOptions): Promise<Record<string, unknown>> {
  const random = seededRandom(4242);
  const results: DetectionTrial[] = [];
  let policy: FailoverPolicy | undefined;
  const failed: string[] = [];
  const clients = 20;
  for (let first = 0; first < trials; first += options.concurrency) {
    const batch = Array.from({ length: Math.min(options.concurrency, trials - first) }, (_, k) => first + k);
    // A trial that fails (no failover within its deadline, a lab error) is counted and named, not hidden, and does not end the run.
    const runs = await Promise.all(batch.map((i) => detectionTrial(100 + i, random, { ttlSeconds: options.ttlSeconds, clients, ...(options.variant ? { variant: options.variant } : {}) }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
    for (const [k, run] of runs.entries()) {
      if (run instanceof Error) {
        failed.push(run.message);
        process.stderr.write(`  ${label} trial ${first + k + 1}/${trials} failed: ${run.message}\n`);
        continue;
      }
      policy = run.policy;
      results.push(run.trial);
      process.stderr.write(`  ${label} trial ${first + k + 1}/${trials}: detect ${run.trial.detectMs} ms, weights ${run.trial.weightsMs} ms, clients ${run.trial.clientsMs} ms\n`);
    }
  }
  const health = policy?.spec.health;
  const intervalMs = (health?.intervalSeconds ?? 1) * 1000;
  const floorMs = (health ? health.unhealthyAfter * health.intervalSeconds + health.timeoutSeconds : 0) * 1000;
  const weights = spread(results.map((r) => r.weightsMs));
  const clientsMoved = results.filter((r) => Number.isFinite(r.clientsMs));
  const clientsMs = spread(clientsMoved.map((r) => r.clientsMs));
  return {
    label,
    trials,
    failed,
    concurrency: options.concurrency,
    policy: { intervalSeconds: health?.intervalSeconds, timeoutSeconds: health?.timeoutSeconds, unhealthyAfter: health?.unhealthyAfter },
    ttlSeconds: options.ttlSeconds,
    clients,
    floorMs,
    detectMs: spread(results.map((r) => r.detectMs)),
    weightsMs: weights,
    clientsMs,
    clientsNotMoved: results.length - clientsMoved.length,
    clientsAfterWeightsMs: spread(clientsMoved.map((r) => r.clientsMs - r.weightsMs)),
    doneMs: spread(results.map((r) => r.doneMs)),
    restoreMs: spread(results.filter((r) => Number.isFinite(r.restoreMs)).map((r) => r.restoreMs)),
    weightsInIntervals: { p50: round(weights.p50 / intervalMs), p99: round(weights.p99 / intervalMs) },
    p99OverFloor: round(weights.p99 / floorMs),
    goalMet: weights.p99 <= 1.1 * floorMs,
  };
}

/**
 * Each command 11 times, interleaved (node, --version, validate, validate without the compile
 * cache, node, …) so a change in the machine's load hits them alike, after one unmeasured round
 * that fills Node's compile cache as any earlier run would have.
 */
function startup(): Record<string, unknown> {
  const node = process.execPath;
  const commands: Record<string, { args: string[]; env?: Record<string, string> }> = {
    node: { args: ['-e', '0'] },
    version: { args: ['dist/cli/bin.js', '--version'] },
    validate: { args: ['dist/cli/bin.js', 'policy', 'validate', 'policies'] },
    validateNoCache: { args: ['dist/cli/bin.js', 'policy', 'validate', 'policies'], env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let round = 0; round <= 11; round++) {
    for (const [name, { args, env }] of Object.entries(commands)) {
      const started = performance.now();
      const run = spawnSync(node, args, { cwd: root, stdio: 'ignore', env: { ...process.env, ...env } });
      if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${String(run.status)}`);
      if (round > 0) times[name]?.push(performance.now() - started);
    }
  }
  const baseline = spread(times.node ?? []);
  const version = spread(times.version ?? []);
  const validate = spread(times.validate ?? []);
  const validateNoCache = spread(times.validateNoCache ?? []);
  return {
    nodeMs: baseline,
    versionMs: version,
    validateMs: validate,
    validateNoCacheMs: validateNoCache,
    versionRatio: round(version.p50 / baseline.p50),
    validateRatio: round(validate.p50 / baseline.p50),
    validateNoCacheRatio: round(validateNoCache.p50 / baseline.p50),
    goalMet: version.p50 <= 3 * baseline.p50 && validate.p50 <= 3 * baseline.p50,
  };
}

async function cost(): Promise<Record<string, unknown>> {
  const clock = new ManualClock(Date.now());
  const world = await startLabWorld({ intervalSeconds: 10, clock });
  try {
    const observer = createObserver(world.deps);
    await observer.observe(world.policy);
    const names = Object.values(world.lab.info.clusters).map((c) => c.name);
    const before = await Promise.all(names.map((cluster) => requestCount(world.metrics, { target: 'kubernetes', cluster })));
    const armBefore = await requestCount(world.metrics, { target: 'arm' });
    for (let i = 0; i < 6; i++) {
      clock.advance(10_000);
      await observer.observe(world.policy);
    }
    const after = await Promise.all(names.map((cluster) => requestCount(world.metrics, { target: 'kubernetes', cluster })));
    const kubernetesPerClusterMinute = Math.max(...after.map((a, i) => a - (before[i] ?? 0)));
    const armPerPolicyMinute = (await requestCount(world.metrics, { target: 'arm' })) - armBefore;
    return { kubernetesPerClusterMinute, armPerPolicyMinute, armWrites: 0, goalMet: kubernetesPerClusterMinute <= 12 && armPerPolicyMinute <= 10 };
  } finally {
    await world.close();
  }
}

/**
 * One `aksdr run` process per policy count against one lab. Quick: 1 and 50 policies side by side
 * (two processes at once, to stay within three minutes), two measured intervals; full: 1, 50, 200
 * and 500 one after another, five measured intervals each.
 */
const heapCap = ['--max-old-space-size=192', '--max-semi-space-size=8'];

async function scale(): Promise<Record<string, unknown>> {
  const counts = quick ? [1, 50] : [1, 50, 200, 500];
  const options = { intervalSeconds: 10, warmupCycles: 2, measuredIntervals: quick ? 2 : 5 };
  const loadBefore = loadavg();
  const lab = await startScaleLab(Math.max(...counts));
  try {
    const runs = quick ? await Promise.all(counts.map((n) => scaleRun(lab, n, options))) : [];
    if (!quick) for (const n of counts) runs.push(await scaleRun(lab, n, options));
    // What a heap cap buys at the largest count: V8 sizes its heap by the allocation rate, and most of
    // what it holds between collections is garbage (a heap snapshot at 100 policies: 130 KiB live each).
    const capped = quick ? undefined : await scaleRun(lab, Math.max(...counts), { ...options, nodeArgs: heapCap });
    for (const run of runs) process.stderr.write(`  ${run.policies} policies: lateness p99 ${run.latenessMs.p99} ms, CPU ${run.cpuShareOfCore} core, RSS ${run.rssMiB.steady} MiB\n`);
    const largest = runs.at(-1);
    return {
      ...options,
      concurrent: quick,
      loadBefore: loadBefore.map((l) => round(l)),
      loadAfter: loadavg().map((l) => round(l)),
      runs,
      ...(capped ? { capped } : {}),
      growth: growth(runs),
      goal: { policies: 500, latenessP99Ms: 1000, rssMiB: 512, cpuShareOfCore: 1 },
      goalMet: largest?.policies === 500 && largest.latenessMs.p99 < 1000 && largest.rssMiB.peak < 512 && largest.cpuShareOfCore < 1,
      cappedGoalMet: capped !== undefined && capped.latenessMs.p99 < 1000 && capped.rssMiB.peak < 512 && capped.cpuShareOfCore < 1,
    };
  } finally {
    await lab.close();
  }
}

function noise(intervals: number): Record<string, unknown> {
  const policy = aPolicy().withMode('automatic').build();
  const runs = [0.1, 0.3].map((rate) => soak(policy, rate, intervals, 7));
  return { intervals, intervalSeconds: policy.spec.health.intervalSeconds, runs, goalMet: runs.every((r) => r.aksdrFailovers === 0) };
}

/** The newest earlier result of a kind: the previous quick run for the reproducibility table, the last full run for what quick does not measure. */
async function previousRun(kind: string): Promise<{ file: string; results: Record<string, unknown> } | undefined> {
  const dir = path.join(root, 'bench', 'results');
  const names = (await readdir(dir)).filter((n) => n.endsWith(`-${kind}.json`)).sort();
  const last = names.at(-1);
  if (!last) return undefined;
  return { file: path.join('bench', 'results', last), results: JSON.parse(await readFile(path.join(dir, last), 'utf8')) as Record<string, unknown> };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const results: Record<string, unknown> = {
    kind: quick ? 'quick' : 'full',
    startedAt: startedAt.toISOString(),
    loadAtStart: loadavg().map((l) => round(l)),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, platform: process.platform },
  };
  process.stderr.write('startup …\n');
  results.startup = startup();
  process.stderr.write('cost …\n');
  results.cost = await cost();
  process.stderr.write('noise soak …\n');
  results.noise = noise(quick ? 8_640 : 8_640 * 7);
  results.trafficManager = { default: trafficManagerDetectionSeconds(trafficManagerDefault, 30), fastest: trafficManagerDetectionSeconds(trafficManagerFast, 10) };
  process.stderr.write('detection against the lab …\n');
  results.detection = [await detection(quick ? 6 : 50, 'lab pace (2 s interval)', { ttlSeconds: 2, concurrency: 1 })];
  if (!quick) {
    const tenSeconds = (p: FailoverPolicy): FailoverPolicy => ({ ...p, spec: { ...p.spec, health: { ...p.spec.health, intervalSeconds: 10, timeoutSeconds: 4 } } });
    (results.detection as unknown[]).push(await detection(50, '10 s interval', { variant: tenSeconds, ttlSeconds: 10, concurrency: 10 }));
  }
  process.stderr.write('scale …\n');
  results.scale = await scale();
  results.endedAt = new Date().toISOString();
  results.loadAtEnd = loadavg().map((l) => round(l));
  await mkdir(path.join(root, 'bench', 'results'), { recursive: true });
  const previous = await previousRun(results.kind as string);
  const lastFull = quick ? await previousRun('full') : undefined;
  const file = path.join(root, 'bench', 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}-${quick ? 'quick' : 'full'}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(root, 'docs', 'BENCHMARKS.md'), renderBenchmarks(results, path.relative(root, file), previous, lastFull));
  process.stderr.write(`wrote ${path.relative(root, file)} and docs/BENCHMARKS.md\n`);
}

await main();
