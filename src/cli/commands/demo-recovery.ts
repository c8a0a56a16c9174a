// The second half of the story `npm start` tells: the primary region recovers, aksdr waits until it
// has been healthy for `healthyAfter` evaluations and then for the failback hold-down (shortened
// for the demo, and said so), a failback before then is refused by the `failback-hold-down` rule,
// and the failback (failback is manual in the lab's policy: the demo is the person who runs it)
// moves the traffic home — every step against the lab through the real SDKs.
import type { Lab } from '../../lab/lab.js';
import type { PolicyEngine } from '../../engine/engine.js';
import type { FailoverPolicy } from '../../policy/index.js';
import { healthLine, stamper, weightsLine } from './demo-story.js';

export interface RecoveryOptions {
  policy: FailoverPolicy;
  write: (line: string) => void;
  startedAt: number;
  /** Give up after this many cycles. */
  maxCycles?: number;
}

export interface RecoveryResult {
  healedAt: number;
  healthyAt?: number;
  failbackStartedAt?: number;
  operationId?: string;
  succeeded: boolean;
}

export async function runRecoveryStory(lab: Lab, engine: PolicyEngine, options: RecoveryOptions): Promise<RecoveryResult> {
  const { policy, write } = options;
  const primary = policy.spec.regions.find((r) => r.role === 'primary')?.name ?? '';
  const stamp = stamper(options.startedAt);
  const sleep = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, engine.intervalMs));
  lab.heal(primary);
  const healedAt = Date.now();
  write(`${stamp()} ▶ healing ${primary}: its API server, nodes and app answer again`);
  write(`          ${primary} must pass ${policy.spec.health.healthyAfter} evaluations in a row before it counts as Healthy`);
  let healthyAt: number | undefined;
  let refusalShown = false;
  const holdDownMs = policy.spec.failover.failbackHoldDownMinutes * 60_000;
  let lastCountdown = -1;
  let lastRefusal = '';
  for (let cycle = 1; cycle <= (options.maxCycles ?? 200); cycle++) {
    await sleep();
    const report = await engine.runCycle();
    const status = report.health?.regions[primary]?.status;
    if (healthyAt === undefined) {
      write(`${stamp()} ${healthLine(report.health, policy)} | ${report.decision?.next.kind ?? report.previous.kind} | weights ${weightsLine(lab)}`);
      if (status === 'Healthy') healthyAt = report.health?.regions[primary]?.healthySince ?? Date.now();
      continue;
    }
    if (!refusalShown) {
      refusalShown = true;
      const early = await engine.runCycle({ command: { kind: 'failback', by: 'demo', dryRun: true } });
      const violation = early.commandResult?.hold?.violations.find((v) => v.rule === 'failback-hold-down');
      if (violation) write(`${stamp()} a failback now is refused by failback-hold-down: ${violation.message}`);
    }
    // Failback waits for the hold-down (the primary healthy long enough) and the dwell after the failover.
    const lastFailoverAt = report.decision?.next.lastFailoverAt ?? report.previous.lastFailoverAt ?? 0;
    const allowedAt = Math.max(healthyAt + holdDownMs, lastFailoverAt + policy.spec.failover.minDwellMinutes * 60_000);
    const remainingSeconds = Math.max(0, Math.ceil((allowedAt - Date.now()) / 1000));
    if (remainingSeconds > 0) {
      const bucket = Math.ceil(remainingSeconds / 15);
      if (bucket !== lastCountdown) write(`${stamp()} hold-down: ${primary} Healthy; failback allowed in ${remainingSeconds} s (hold-down and dwell, shortened for the demo)`);
      lastCountdown = bucket;
      continue;
    }
    const failbackStartedAt = Date.now();
    const result = await engine.runCycle({ command: { kind: 'failback', by: 'demo' } });
    const outcome = result.outcome;
    if (!outcome) {
      const why = result.commandResult?.hold?.violations.map((v) => `${v.rule}: ${v.message}`).join('; ') ?? result.commandResult?.reasons.map((r) => r.message).join('; ') ?? 'no answer';
      if (why !== lastRefusal) write(`${stamp()} failback not started yet: ${why}`);
      lastRefusal = why;
      continue;
    }
    write(`${stamp()} ▶ hold-down over: failed back to ${primary} (as 'aksdr failback' does — failback is ${policy.spec.failover.failback} in this policy)`);
    const steps = (await engine.journal.records(outcome.operationId)).filter((r) => r.kind !== 'operation' && r.phase === 'completed');
    write(`${stamp()} operation ${outcome.operationId} ${outcome.result}: ${outcome.reason}`);
    write(`          steps, each journaled before and after: ${steps.map((r) => r.kind).join(' → ')}`);
    write(`${stamp()} ${healthLine(result.health, policy)} | ${outcome.result === 'succeeded' ? 'Steady' : 'Held'} | weights ${weightsLine(lab)}`);
    return { healedAt, healthyAt, failbackStartedAt, operationId: outcome.operationId, succeeded: outcome.result === 'succeeded' };
  }
  return { healedAt, ...(healthyAt === undefined ? {} : { healthyAt }), succeeded: false };
}
