// `npm run bench:quick` (about 3 minutes) and `npm run bench` (the full set): runs each benchmark of
// docs/BENCHMARKS.md, writes the figures to bench/results/<time>.json and rewrites
// docs/BENCHMARKS.md from them — method, machine, every figure with its spread, each goal met or not.
// Benchmarks never run inside `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { createObserver } from '../src/app/index.js';
import { ManualClock, seededRandom } from '../src/lab/clock.js';
import type { FailoverPolicy } from '../src/policy/index.js';
import { requestCount, startLabWorld } from '../test/app/fixtures/lab-world.js';
import { aPolicy } from '../test/core/builders/policy-builder.js';
import { detectionTrial, type DetectionTrial } from './lib/detection.js';
import { soak, trafficManagerDefault, trafficManagerDetectionSeconds, trafficManagerFast } from './lib/noise-soak.js';
import { renderBenchmarks } from './lib/render.js';
import { round, spread, type Spread } from './lib/stats.js';

const quick = process.argv.includes('--quick');
const root = path.resolve(import.meta.dirname, '..');

async function detection(trials: number, label: string, variant?: (p: FailoverPolicy) => FailoverPolicy): Promise<Record<string, unknown>> {
  const random = seededRandom(4242);
  const results: DetectionTrial[] = [];
  let policy: FailoverPolicy | undefined;
  for (let i = 0; i < trials; i++) {
    const run = await detectionTrial(100 + i, random, variant);
    policy = run.policy;
    results.push(run.trial);
    process.stderr.write(`  ${label} trial ${i + 1}/${trials}: detect ${run.trial.detectMs} ms, weights ${run.trial.weightsMs} ms\n`);
  }
  const health = policy?.spec.health;
  const intervalMs = (health?.intervalSeconds ?? 1) * 1000;
  const floorMs = (health ? health.unhealthyAfter * health.intervalSeconds + health.timeoutSeconds : 0) * 1000;
  const weights = spread(results.map((r) => r.weightsMs));
  return {
    label,
    trials,
    policy: { intervalSeconds: health?.intervalSeconds, timeoutSeconds: health?.timeoutSeconds, unhealthyAfter: health?.unhealthyAfter },
    floorMs,
    detectMs: spread(results.map((r) => r.detectMs)),
    weightsMs: weights,
    doneMs: spread(results.map((r) => r.doneMs)),
    restoreMs: spread(results.filter((r) => Number.isFinite(r.restoreMs)).map((r) => r.restoreMs)),
    weightsInIntervals: { p50: round(weights.p50 / intervalMs), p99: round(weights.p99 / intervalMs) },
    p99OverFloor: round(weights.p99 / floorMs),
    goalMet: weights.p99 <= 1.1 * floorMs,
  };
}

function startup(): Record<string, unknown> {
  const node = process.execPath;
  const timed = (args: string[]): Spread => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      const run = spawnSync(node, args, { cwd: root, stdio: 'ignore' });
      if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${String(run.status)}`);
      times.push(performance.now() - started);
    }
    return spread(times);
  };
  const baseline = timed(['-e', '0']);
  const version = timed(['dist/cli/bin.js', '--version']);
  const validate = timed(['dist/cli/bin.js', 'policy', 'validate', 'policies']);
  return {
    nodeMs: baseline,
    versionMs: version,
    validateMs: validate,
    versionRatio: round(version.p50 / baseline.p50),
    validateRatio: round(validate.p50 / baseline.p50),
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

function noise(intervals: number): Record<string, unknown> {
  const policy = aPolicy().withMode('automatic').build();
  const runs = [0.1, 0.3].map((rate) => soak(policy, rate, intervals, 7));
  return { intervals, intervalSeconds: policy.spec.health.intervalSeconds, runs, goalMet: runs.every((r) => r.aksdrFailovers === 0) };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const results: Record<string, unknown> = {
    kind: quick ? 'quick' : 'full',
    startedAt: startedAt.toISOString(),
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
  results.detection = [await detection(quick ? 8 : 50, 'lab pace (2 s interval)')];
  if (!quick) (results.detection as unknown[]).push(await detection(20, '10 s interval', (p) => ({ ...p, spec: { ...p.spec, health: { ...p.spec.health, intervalSeconds: 10, timeoutSeconds: 4 } } })));
  results.endedAt = new Date().toISOString();
  await mkdir(path.join(root, 'bench', 'results'), { recursive: true });
  const file = path.join(root, 'bench', 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}-${quick ? 'quick' : 'full'}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(root, 'docs', 'BENCHMARKS.md'), renderBenchmarks(results, path.relative(root, file)));
  process.stderr.write(`wrote ${path.relative(root, file)} and docs/BENCHMARKS.md\n`);
}

await main();
