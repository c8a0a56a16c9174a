// How fast the lab's world moves. `azure` is Azure's and Velero's own pace — each duration below
// with where it comes from — and `fast` the near-instant world the unit tests were written for.
// `timeScale` F divides every duration of either pace by F (and runs cron schedules and Traffic
// Manager's monitor F times faster), so a test or the demo sees the same world, compressed.
import { defaultTiming, type LabPace, type LabTiming } from './context.js';

/**
 * Azure's durations, uncompressed. Where the docs give only "a few minutes" the figure is our pick
 * inside that range and says so; docs/LAB.md repeats the table with its links.
 */
export const azureDurations = {
  /**
   * Agent-pool create or scale-out until the operation reports Succeeded: "It takes a few minutes for
   * the scale operation to complete" (learn.microsoft.com/azure/aks/scale-node-pools). 3 min, our pick.
   */
  agentPoolScaleMs: 3 * 60_000,
  /**
   * A new node from kubelet registration (NotReady, CNI not initialised) to Ready. AKS node
   * provisioning (learn.microsoft.com/azure/aks/concepts-clusters-workloads, node bootstrap):
   * about a minute on the AKS Ubuntu image; 60 s, our pick.
   */
  nodeBootMs: 60_000,
  /**
   * Starting a stopped cluster (learn.microsoft.com/azure/aks/start-stop-cluster: the control
   * plane and the nodes come back "in a few minutes"); 5 min, our pick.
   */
  clusterStartMs: 5 * 60_000,
  /**
   * A pod from scheduling to Ready: image pull of the app's ~100 MB image from the registry's
   * regional replica plus container start and the readiness probe. Kubernetes' pod-startup SLO is
   * 5 s at the 99th percentile *excluding* image pull (kubernetes/community sig-scalability
   * slos/pod_startup_latency.md); AKS artifact streaming exists because pulls dominate
   * (learn.microsoft.com/azure/aks/artifact-streaming). 20 s, our pick.
   */
  podStartMs: 20_000,
  /**
   * Velero restore: New for `restoreBaseMs` (the controller downloads and validates the backup's
   * tarball), then InProgress for base + per item + per GiB (restore-duration.ts). Velero restores
   * items one by one through the API server (velero.io/docs/main/restore-reference/); the
   * per-GiB term is the file-system (Kopia) data mover's throughput in Velero's performance
   * guidance (velero.io/docs/main/performance-guidance/), about 1 min per GiB on a small node.
   */
  restoreBaseMs: 15_000,
  restorePerItemMs: 200,
  restorePerGiBMs: 60_000,
  /** A small namespace's backup, start to Completed (velero.io/docs/main/performance-guidance/). */
  backupDurationMs: 30_000,
} as const;

export interface PaceOptions {
  pace?: LabPace;
  /** Divide every duration by this (> 0; default 1). */
  timeScale?: number;
}

export function isLabPace(value: string): value is LabPace {
  return value === 'azure' || value === 'fast';
}

/** The timing of a pace at a time scale; `overrides` (tests) win. */
export function timingFor({ pace = 'fast', timeScale = 1 }: PaceOptions, overrides: Partial<LabTiming> = {}): LabTiming {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new RangeError(`timeScale must be a positive number, not ${timeScale}`);
  const scaled = (ms: number): number => ms / timeScale;
  const base: LabTiming =
    pace === 'azure'
      ? {
          ...defaultTiming,
          pace,
          armOperationMs: azureDurations.agentPoolScaleMs,
          clusterStartMs: azureDurations.clusterStartMs,
          nodeBootMs: azureDurations.nodeBootMs,
          podStartMs: azureDurations.podStartMs,
          restoreStepMs: azureDurations.restoreBaseMs,
          restorePerItemMs: azureDurations.restorePerItemMs,
          restorePerGiBMs: azureDurations.restorePerGiBMs,
          backupDurationMs: azureDurations.backupDurationMs,
        }
      : defaultTiming;
  return {
    ...base,
    timeScale,
    backupEveryMs: scaled(base.backupEveryMs),
    backupDurationMs: scaled(base.backupDurationMs),
    restoreStepMs: scaled(base.restoreStepMs),
    restorePerItemMs: scaled(base.restorePerItemMs),
    restorePerGiBMs: scaled(base.restorePerGiBMs),
    armOperationMs: scaled(base.armOperationMs),
    ...(base.clusterStartMs !== undefined ? { clusterStartMs: scaled(base.clusterStartMs) } : {}),
    nodeBootMs: scaled(base.nodeBootMs),
    podStartMs: scaled(base.podStartMs),
    monitorTimeScale: base.monitorTimeScale * timeScale,
    ...overrides,
  };
}
