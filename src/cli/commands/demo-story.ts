// The failover demo `npm start` tells: a healthy pair, the primary region goes down, aksdr notices
// through its probes, checks the secondary is ready, scales it up, moves Traffic Manager's weights
// and restores the latest Velero backup there — every step against the lab through the real SDKs.
import type { Logger } from 'pino';
import { createActionPorts, createDependencies } from '../../app/dependencies.js';
import type { EngineState, HealthState } from '../../core/index.js';
import { systemClock } from '../../engine/clock.js';
import { PolicyEngine, type CycleReport } from '../../engine/engine.js';
import type { Lab } from '../../lab/lab.js';
import { labEnvironment } from '../../lab/lab-files.js';
import type { FailoverPolicy } from '../../policy/index.js';
import { persistDeploymentsMemory } from '../../readiness/deployments-memory-store.js';
import { FileStateStore } from '../../state/file-state-store.js';

export interface StoryOptions {
  policy: FailoverPolicy;
  policyFile: string;
  stateDir: string;
  logger: Logger;
  write: (line: string) => void;
  /** Healthy cycles before the primary is broken. */
  steadyCycles?: number;
  /** Give up after this many cycles. */
  maxCycles?: number;
  /** Epoch ms the demo began: the `[+N s]` stamps count from here. */
  startedAt?: number;
}

export interface StoryResult {
  /** Cycles from the fault to the failover's start. */
  cyclesToDetect?: number;
  /** Epoch ms when the primary was broken. */
  faultAt?: number;
  /** The failover's operation id (its steps' times are in the journal). */
  operationId?: string;
  finalState: EngineState['kind'];
  succeeded: boolean;
  engine: PolicyEngine;
  close(): Promise<void>;
}

export function stamper(startedAt: number): () => string {
  return () => `[+${String(Math.round((Date.now() - startedAt) / 1000)).padStart(3)} s]`;
}

/** Every signal of every region passed in this cycle. */
function clean(report: CycleReport | undefined, policy: FailoverPolicy): boolean {
  return policy.spec.regions.every(({ name }) => (report?.health?.regions[name]?.latest?.failedSignals ?? ['?']).length === 0);
}

export function healthLine(health: HealthState | undefined, policy: FailoverPolicy): string {
  return policy.spec.regions
    .map(({ name }) => {
      const region = health?.regions[name];
      const failing = region?.latest?.failedSignals ?? [];
      return `${name} ${region?.status ?? '?'}${failing.length > 0 ? ` (failing: ${failing.join(', ')})` : ''}`;
    })
    .join(' · ');
}

export function weightsLine(lab: Lab): string {
  return lab
    .state()
    .trafficManager.endpoints.map((e) => `${e.region ?? e.name} ${e.endpointStatus === 'Enabled' ? (e.weight ?? '-') : 'disabled'}`)
    .join(' / ');
}

export async function runFailoverStory(lab: Lab, options: StoryOptions): Promise<StoryResult> {
  const { policy, write } = options;
  const primary = policy.spec.regions.find((r) => r.role === 'primary')?.name ?? '';
  const deps = createDependencies({ env: labEnvironment(lab.info), policies: [{ file: options.policyFile, policy }], logger: options.logger });
  const store = new FileStateStore(options.stateDir);
  const memory = await persistDeploymentsMemory(deps.deploymentsMemory, store, deps.clock);
  const engine = new PolicyEngine(policy, {
    store,
    clock: systemClock,
    logger: options.logger,
    ports: createActionPorts(deps),
  });
  const close = async (): Promise<void> => {
    await memory.flush();
    await deps.close();
  };

  const steadyCycles = options.steadyCycles ?? 3;
  const stamp = stamper(options.startedAt ?? Date.now());
  let brokenAt: number | undefined;
  let faultAt: number | undefined;
  let cyclesToDetect: number | undefined;
  let last: CycleReport | undefined;
  let heldBy = '';
  for (let cycle = 1; cycle <= (options.maxCycles ?? 60); cycle++) {
    if (cycle > 1) await systemClock.sleep(engine.intervalMs);
    // Break the primary only after a clean cycle: on a busy machine the first probes can time out, and
    // the readiness checks need to have seen the primary's workloads once to compare versions with.
    if (brokenAt === undefined && cycle > steadyCycles && clean(last, policy)) {
      // As a real regional outage looks: calls into the dead region hang until their timeouts (blackhole).
      lab.inject(primary, 'region-down');
      brokenAt = cycle;
      faultAt = Date.now();
      write(`${stamp()} ▶ breaking ${primary}: region-down — its API server, nodes and app stop answering`);
    }
    last = await engine.runCycle();
    const next = last.decision?.next.kind ?? last.previous.kind;
    write(`${stamp()} ${healthLine(last.health, policy)} | ${next} | weights ${weightsLine(lab)}`);
    if (last.decision && last.decision.next.kind !== last.previous.kind) {
      for (const reason of last.decision.reasons) write(`          why: ${reason.message}`);
    }
    // A safety rule holding the failover back is the interesting part of a demo that stalls.
    const hold = last.decision?.hold;
    const holdLine = hold ? hold.violations.map((v) => `${v.rule}: ${v.message}`).join('; ') : '';
    if (holdLine !== heldBy) {
      if (holdLine) write(`          held by ${holdLine}`);
      heldBy = holdLine;
    }
    if (last.outcome) {
      cyclesToDetect = brokenAt === undefined ? undefined : cycle - brokenAt + 1;
      const steps = (await engine.journal.records(last.outcome.operationId)).filter((r) => r.kind !== 'operation' && r.phase === 'completed');
      write(`${stamp()} operation ${last.outcome.operationId} ${last.outcome.result}: ${last.outcome.reason}`);
      write(`          steps, each journaled before and after: ${steps.map((r) => r.kind).join(' → ')}`);
      break;
    }
  }
  const finalState = last?.decision?.next.kind ?? last?.previous.kind ?? 'Steady';
  return { ...(cyclesToDetect !== undefined ? { cyclesToDetect } : {}), ...(faultAt !== undefined ? { faultAt } : {}), ...(last?.outcome ? { operationId: last.outcome.operationId } : {}), finalState, succeeded: last?.outcome?.result === 'succeeded', engine, close };
}
