// The engine wired to the lab exactly as the product wires it — createDependencies from the lab's
// environment (real SDK clients, TLS, Entra tokens, kubeconfigs through AKS), the real probes and
// readiness checks — with a file state store in a temp folder. Cycles are driven by the test and
// counted, one policy interval apart on the real clock (the probes' request budget reuses younger
// answers); the executor polls with short intervals (the lab's timings are short).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { createActionPorts, createDependencies, type Dependencies } from '../../../src/app/dependencies.js';
import { systemClock, type Clock, type FakeClock } from '../../../src/engine/clock.js';
import { PolicyEngine, type CycleReport, type EngineDependencies } from '../../../src/engine/engine.js';
import type { ActionPorts } from '../../../src/engine/executor/executor-ports.js';
import { writeFile } from 'node:fs/promises';
import { startLab, type Lab } from '../../../src/lab/lab.js';
import { loadPolicies, renderPolicyYaml, type FailoverPolicy } from '../../../src/policy/index.js';
import { FileStateStore } from '../../../src/state/file-state-store.js';
import { withTempDir } from '../../fixtures/temp-dir.js';

// The runbooks run on the realistic lab: Azure's own pace (agent pools that scale in minutes, nodes that
// boot, pods that need room and start, restores that grow with their items, Traffic Manager's monitor
// on the profile's settings), compressed sixty times — the same world, a minute per second — with the
// LRO status polled without a pause.
export const labPace = { pace: 'azure', timeScale: 60 } as const;
export const labTiming = { lroRetryAfterSeconds: 0 };
export const executorTimings = { pollIntervalMs: 150, defaultStepTimeoutMs: 60_000 };

/** The lab's `env` file as variables (the lines `export KEY='value'`). */
export async function labEnv(envFile: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const line of (await readFile(envFile, 'utf8')).split('\n')) {
    const match = /^export ([A-Z_]+)='(.*)'$/.exec(line);
    if (match?.[1] && match[1] !== 'PATH') env[match[1]] = (match[2] ?? '').replace(/'\\''/g, "'");
  }
  return env;
}

export async function loadLabPolicy(file: string): Promise<FailoverPolicy> {
  const loaded = await loadPolicies([file]);
  const policy = loaded.policies[0]?.policy;
  if (!policy) throw new Error(`the lab policy ${file} did not load`);
  return policy;
}

export interface LabEngine {
  lab: Lab;
  policy: FailoverPolicy;
  policyFile: string;
  deps: Dependencies;
  ports: ActionPorts;
  store: FileStateStore;
  stateDir: string;
  env: Record<string, string>;
  /** A fresh engine ("process") on the lab; `overrides` change its dependencies (a wrapped store, shorter timings). */
  engine(overrides?: Partial<EngineDependencies>): PolicyEngine;
  /** Runs cycles until `until` says stop (or `max`); returns how many ran and the last report. */
  cycles(engine: PolicyEngine, until: (report: CycleReport) => boolean, max: number): Promise<{ count: number; last: CycleReport }>;
  close(): Promise<void>;
}

export interface LabEngineOptions {
  seed?: number;
  /** The engine's and the probes' clock (default: the system clock); a fake one runs cycles back to back. */
  clock?: Clock;
  /** Azure RBAC actions the lab grants aksdr's principal (default: everything). */
  armActions?: readonly string[];
  /** A variant of the lab's policy (e.g. another outage rule or decider). */
  policy?: (policy: FailoverPolicy) => FailoverPolicy;
  /** The lab's regions (default: westeurope, northeurope). */
  regions?: string[];
  /** warm (default) or cold: the secondary holds no application objects until a restore. */
  standby?: 'warm' | 'cold';
  /** The lab's pace (default `labPace`, Azure's compressed 60×). */
  pace?: { pace: 'azure' | 'fast'; timeScale: number };
  /** Simulated users resolving the profile through the lab's DNS (default none). */
  clients?: number;
  /** The ARM SDK's own retries (default: the product's). Short ones hand every failure to the executor's retries, which run on the engine's clock. */
  armRetry?: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };
}

export async function startLabEngine(options: LabEngineOptions = {}): Promise<LabEngine> {
  const clock = options.clock ?? systemClock;
  const temp = await withTempDir('aksdr-e2e-');
  const lab = await startLab({ dir: path.join(temp.dir, 'lab'), seed: options.seed ?? 11, ...(options.pace ?? labPace), timing: labTiming, tickIntervalMs: 50, ...(options.clients ? { clients: { count: options.clients } } : {}), ...(options.armActions ? { armActions: options.armActions } : {}), ...(options.regions ? { regions: options.regions } : {}), ...(options.standby ? { standby: options.standby } : {}) });
  // The lab's own policy, unchanged: readiness compares with what the primary last ran when it is down.
  const labPolicy = await loadLabPolicy(lab.info.policyFile ?? path.join(lab.info.dir, 'policy.yaml'));
  const policy = options.policy ? options.policy(labPolicy) : labPolicy;
  const policyFile = path.join(temp.dir, 'policy.yaml');
  await writeFile(policyFile, renderPolicyYaml(policy, { schemaComment: '' }));
  const env = await labEnv(lab.info.envFile);
  const deps = createDependencies({ env, policies: [{ file: policyFile, policy }], logger: pino({ level: 'silent' }), tuning: { apiServerBackoffInMs: 200, ...(options.armRetry ? { armRetryOptions: options.armRetry } : {}) } });
  const ports: ActionPorts = createActionPorts(deps, { clock });
  const stateDir = path.join(temp.dir, 'state');
  const store = new FileStateStore(stateDir);
  return {
    lab,
    policy,
    policyFile,
    deps,
    ports,
    store,
    stateDir,
    env,
    engine: (overrides = {}) => new PolicyEngine(policy, { store, clock, ports, timings: executorTimings, retry: { maxRetries: 8, initialDelayMs: 100, maxDelayMs: 2_000 }, readinessTtlMs: 0, ...overrides }),
    cycles: async (engine, until, max) => {
      let last: CycleReport | undefined;
      for (let count = 1; count <= max; count++) {
        // Cycles one interval apart, as the loop runs them: the probes reuse answers younger than that.
        if (count > 1) await systemClock.sleep(engine.intervalMs);
        last = await engine.runCycle();
        if (until(last)) return { count, last };
      }
      if (!last) throw new Error('no cycle ran');
      return { count: max, last };
    },
    close: async () => {
      await deps.close();
      await lab.stop();
      await temp.cleanup();
    },
  };
}

/** Weight and status per region, as the lab's Traffic Manager holds them. */
export function labEndpoints(lab: Lab): Record<string, { status: string; weight: number | undefined }> {
  const result: Record<string, { status: string; weight: number | undefined }> = {};
  for (const e of lab.state().trafficManager.endpoints) if (e.region) result[e.region] = { status: e.endpointStatus, weight: e.weight };
  return result;
}

/**
 * Cycles one policy interval apart on a fake clock — pumped while a cycle runs, so an operation's own
 * waits pass (ten times real time) — until `until` says stop; throws when `max` cycles were not enough.
 */
/** Awaits `work` while pumping a fake clock (100 ms every 10 ms of real time), so its own waits pass. */
export async function onFakeClock<T>(clock: FakeClock, work: () => Promise<T>): Promise<T> {
  const pump = setInterval(() => void clock.advance(100), 10);
  try {
    return await work();
  } finally {
    clearInterval(pump);
  }
}

export async function cyclesOnFakeClock(clock: FakeClock, engine: PolicyEngine, until: (report: CycleReport) => boolean, max: number): Promise<CycleReport> {
  const pump = setInterval(() => void clock.advance(100), 10);
  try {
    for (let i = 0; i < max; i++) {
      await clock.advance(engine.intervalMs);
      const report = await engine.runCycle();
      if (until(report)) return report;
    }
  } finally {
    clearInterval(pump);
  }
  throw new Error(`not reached within ${max} cycles`);
}
