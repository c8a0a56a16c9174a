// What a drill runs with: the engine's dependencies (the same ports, store and clock `aksdr failover`
// uses), a way to delete the scratch namespace of a restore test, and the drill's own options.
import type { Logger } from 'pino';
import type { RegionName } from '../core/index.js';
import type { CallOptions } from '../core/ports/call-options.js';
import type { Clock } from '../engine/clock.js';
import { PolicyEngine, type EngineDependencies } from '../engine/engine.js';
import type { ActionPorts } from '../engine/executor/executor-ports.js';
import type { FailoverPolicy, RegionSpec } from '../policy/index.js';
import type { StateStore } from '../state/state-store.js';
import type { ProgressListener } from './drill-progress.js';
import type { DrillMode } from './drill-report.js';
import type { StepRecorder } from './step-recorder.js';

/** Deletes a namespace in a cluster; one already gone is fine (ClusterRouter has this shape). */
export interface ScratchNamespaces {
  deleteNamespace(clusterId: string, name: string, options?: CallOptions): Promise<void>;
}

export interface DrillDependencies {
  store: StateStore;
  clock: Clock;
  ports: ActionPorts;
  namespaces: ScratchNamespaces;
  logger?: Logger;
  /** Passed to the engine (tests shorten the executor's polling). */
  engine?: Pick<EngineDependencies, 'timings' | 'retry' | 'readinessTtlMs'>;
  /** How often a restore test polls the restore and the workloads (default 2 s). */
  pollIntervalMs?: number;
  /** How long a command waits for a loop running in another process (default 10 min). */
  commandWaitMs?: number;
}

export interface DrillOptions {
  policy: FailoverPolicy;
  mode: DrillMode;
  /** Who runs the drill (audited). */
  by: string;
  /** Default: the first region that is not the primary. */
  target?: RegionName;
  /** Ctrl-C: a live drill aborts cleanly (weights back where they started). */
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface DrillRun {
  deps: DrillDependencies;
  options: DrillOptions;
  policy: FailoverPolicy;
  drillId: string;
  primary: RegionSpec;
  target: RegionSpec;
  recorder: StepRecorder;
  engine: PolicyEngine;
  callOptions: CallOptions;
}

export function createEngine(policy: FailoverPolicy, deps: DrillDependencies): PolicyEngine {
  return new PolicyEngine(policy, { store: deps.store, clock: deps.clock, ports: deps.ports, ...(deps.logger ? { logger: deps.logger } : {}), ...deps.engine });
}

/** `<policy>-drill-<mode>-<yyyymmddThhmmssZ>`: sortable, readable, and a safe state-store key. */
export function drillIdOf(policy: string, mode: DrillMode, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `${policy}-drill-${mode}-${stamp}`;
}

export function regionsOf(policy: FailoverPolicy, target: RegionName | undefined): { primary: RegionSpec; target: RegionSpec } {
  const regions = policy.spec.regions;
  const primary = regions.find((region) => region.role === 'primary') ?? regions[0];
  if (!primary) throw new Error(`policy ${policy.metadata.name} has no regions`);
  const chosen = target === undefined ? regions.find((region) => region.name !== primary.name) : regions.find((region) => region.name === target);
  if (!chosen) throw new DrillUsageError(target === undefined ? `policy ${policy.metadata.name} has no region besides ${primary.name} to drill against` : `${target} is not a region of ${policy.metadata.name}; regions are: ${regions.map((r) => r.name).join(', ')}`);
  if (chosen.name === primary.name) throw new DrillUsageError(`${chosen.name} is the primary: a drill moves to or restores into another region`);
  return { primary, target: chosen };
}

/** Bad input to a drill (exit 2 at the CLI). */
export class DrillUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillUsageError';
  }
}
