// Loaded with `node --import` into the real `aksdr run` (dist/cli/bin.js) by the scale benchmark
// (scale.ts): it wraps PolicyEngine.prototype.runCycle to note when each cycle started and whether
// every region came out Healthy, and once a second appends that with the process's CPU time and
// resident memory to $AKSDR_BENCH_SAMPLES (JSON lines). Plain JavaScript so that it runs on the
// compiled CLI without a TypeScript loader, whose own memory and CPU would blur the figures.
import { appendFileSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';
import { PolicyEngine } from '../../dist/engine/engine.js';

const out = process.env.AKSDR_BENCH_SAMPLES;
if (out) {
  let cycles = [];
  const original = PolicyEngine.prototype.runCycle;
  PolicyEngine.prototype.runCycle = async function runCycle(options) {
    const startedAt = Date.now();
    const report = await original.call(this, options);
    const regions = Object.values(report.health?.regions ?? {});
    cycles.push([this.policy.metadata.name, startedAt, Date.now() - startedAt, regions.filter((r) => r.status !== 'Healthy' || r.consecutiveFailed > 0).length]);
    return report;
  };
  const sample = () => {
    const { user, system } = process.cpuUsage();
    const { maxRSS } = process.resourceUsage();
    const { rss, heapUsed, external } = process.memoryUsage();
    appendFileSync(out, `${JSON.stringify({ at: Date.now(), cpuMs: (user + system) / 1000, rss, heapUsed, external, maxRss: maxRSS * 1024, cycles })}\n`);
    cycles = [];
  };
  setInterval(sample, 1000).unref();
  process.on('exit', sample);
}
