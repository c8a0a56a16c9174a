// Loaded with `node --import` into the real `aksdr run` (dist/cli/bin.js) by the scale benchmark
// (scale.ts): it wraps PolicyEngine.prototype.runCycle to note when each cycle started, how long it
// took and whether every region came out Healthy, and once a second appends that with the process's CPU time and
// resident memory to $AKSDR_BENCH_SAMPLES (JSON lines). Plain JavaScript so that it runs on the
// compiled CLI without a TypeScript loader, whose own memory and CPU would blur the figures.
import { appendFileSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';
import { PolicyEngine } from '../../dist/engine/engine.js';

const out = process.env.AKSDR_BENCH_SAMPLES;
if (out) {
  // Starts are noted when they happen, not when the cycle ends, so a cycle still running at the end
  // of the window still counts its start (and a long one makes the next start late, visibly).
  let starts = [];
  let cycles = [];
  const original = PolicyEngine.prototype.runCycle;
  PolicyEngine.prototype.runCycle = async function runCycle(options) {
    const startedAt = Date.now();
    starts.push([this.policy.metadata.name, startedAt]);
    const report = await original.call(this, options);
    const regions = Object.values(report.health?.regions ?? {});
    cycles.push([this.policy.metadata.name, startedAt, Date.now() - startedAt, regions.filter((r) => r.status !== 'Healthy' || r.consecutiveFailed > 0).length]);
    return report;
  };
  const sample = () => {
    const { user, system } = process.cpuUsage();
    const { maxRSS } = process.resourceUsage();
    const { rss, heapTotal, heapUsed, external } = process.memoryUsage();
    appendFileSync(out, `${JSON.stringify({ at: Date.now(), cpuMs: (user + system) / 1000, rss, heapTotal, heapUsed, external, maxRss: maxRSS * 1024, starts, cycles })}\n`);
    starts = [];
    cycles = [];
  };
  setInterval(sample, 1000).unref();
  process.on('exit', sample);
}
