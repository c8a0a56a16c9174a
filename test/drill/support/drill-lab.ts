// runDrill against the lab, wired as the CLI wires it (the lab's real SDK clients, probes, readiness
// checks and a file state store), with the executor's and the restore test's polling shortened.
import { systemClock } from '../../../src/engine/clock.js';
import { runDrill, type DrillMode, type DrillReport, type DrillDependencies } from '../../../src/drill/index.js';
import type { DrillOptions } from '../../../src/drill/drill-context.js';
import { executorTimings, labEndpoints, type LabEngine } from '../../e2e/support/lab-engine.js';

export function drillDependencies(world: LabEngine): DrillDependencies {
  return {
    store: world.store,
    clock: systemClock,
    ports: world.ports,
    namespaces: world.deps.clusters,
    engine: { timings: executorTimings, retry: { maxRetries: 2, initialDelayMs: 100, maxDelayMs: 500 }, readinessTtlMs: 0 },
    pollIntervalMs: 150,
  };
}

export function drill(world: LabEngine, mode: DrillMode, extra: Partial<DrillOptions> = {}): Promise<DrillReport> {
  return runDrill(drillDependencies(world), { policy: world.policy, mode, by: 'drill-test', ...extra });
}

/** The lab's weights as a drill must leave them: where they were before it. */
export function weights(world: LabEngine): Record<string, { status: string; weight: number | undefined }> {
  return labEndpoints(world.lab);
}

export function stepOutcomes(report: DrillReport): Record<string, string> {
  return Object.fromEntries(report.steps.map((step) => [step.name, step.outcome]));
}
