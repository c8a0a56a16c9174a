// What every lab handler shares: the world, the faults, time and chance, the lab's own URLs and
// how fast the simulated controllers move.
import type { LabClock } from './clock.js';
import type { FaultBook } from './faults.js';
import type { LabPki } from './pki.js';
import type { World } from './world/world.js';

export interface LabUrls {
  /** Entra ID authority host: `{entra}/{tenantId}/v2.0/.well-known/openid-configuration`. */
  entra: string;
  /** Azure Resource Manager endpoint. */
  arm: string;
  /** Kubernetes API servers: `{kube}/clusters/{clusterName}` is one cluster's server URL. */
  kube: string;
  /** Application endpoints: `{app}/regions/{region}/healthz`. */
  app: string;
  /** The registry's data plane, `https://{loginServer}`. */
  acr: string;
  /** Lab control API (plain HTTP, loopback). */
  control: string;
  /** Managed identity endpoint, App Service style (plain HTTP, loopback): `{identity}/msi/token`. */
  identity: string;
}

export interface LabTiming {
  /**
   * `fast`: the near-instant world unit tests were written for (settled Deployments, Ready nodes,
   * backups every `backupEveryMs`); `azure`: Azure's and Velero's own durations and behaviour
   * (src/lab/pace.ts), nodes that boot, pods that need room, schedules that follow their cron.
   */
  pace: LabPace;
  /** Every duration of the pace was divided by this (the cron's intervals and the monitor's too). */
  timeScale: number;
  /** `fast` pace: how often the simulated Velero schedule produces a Completed backup (azure: the cron). */
  backupEveryMs: number;
  /** How long a backup takes from start to Completed. */
  backupDurationMs: number;
  /** How long a restore stays New, and the base of its InProgress time (restore-duration.ts). */
  restoreStepMs: number;
  /** Added to a restore's InProgress time per item restored. */
  restorePerItemMs: number;
  /** Added to a restore's InProgress time per GiB of volume data restored. */
  restorePerGiBMs: number;
  /** How long an agent-pool create or scale takes before the LRO reports Succeeded. */
  armOperationMs: number;
  /** How long a managed-cluster start takes before the LRO reports Succeeded (default `armOperationMs`). */
  clusterStartMs?: number;
  /** From a node's registration (NotReady) to its kubelet reporting Ready; 0: Ready at once. */
  nodeBootMs: number;
  /** From a pod's scheduling to Ready (image pull, container start, readiness probe); azure pace only. */
  podStartMs: number;
  /** `Retry-After` on LRO status responses, in seconds. */
  lroRetryAfterSeconds: number;
  /** Lifetime of tokens the Entra emulator issues. */
  tokenLifetimeSeconds: number;
  /** How far back `backup-stale` moves the backups' timestamps. */
  staleBackupAgeMs: number;
  /** How long ARM waits for a blackholed regional resource provider before its 504 (real time). */
  armGatewayTimeoutMs: number;
  /**
   * How many times faster than its profile's `monitorConfig` Traffic Manager's monitor probes
   * (1: Azure's pace, on the lab clock). The lab's `timeScale` sets it; the product's fixtures that
   * want today's near-instant view raise it further by overriding it.
   */
  monitorTimeScale: number;
}

export type LabPace = 'azure' | 'fast';

/** The `fast` pace at time scale 1: today's near-instant world. */
export const defaultTiming: LabTiming = {
  pace: 'fast',
  timeScale: 1,
  backupEveryMs: 60_000,
  backupDurationMs: 2_000,
  restoreStepMs: 1_500,
  restorePerItemMs: 0,
  restorePerGiBMs: 0,
  armOperationMs: 1_500,
  nodeBootMs: 0,
  podStartMs: 0,
  lroRetryAfterSeconds: 1,
  tokenLifetimeSeconds: 3600,
  staleBackupAgeMs: 24 * 3600 * 1000,
  armGatewayTimeoutMs: 60_000,
  monitorTimeScale: 1,
};

export interface LabContext {
  world: World;
  /** Azure RBAC actions the lab's service principal holds (wildcards allowed); undefined = Owner. */
  armActions?: readonly string[];
  faults: FaultBook;
  clock: LabClock;
  random: () => number;
  pki: LabPki;
  urls: LabUrls;
  timing: LabTiming;
}

export function clusterServerUrl(ctx: LabContext, clusterName: string): string {
  return `${ctx.urls.kube}/clusters/${clusterName}`;
}

export function appUrl(ctx: LabContext, region: string): string {
  return `${ctx.urls.app}/regions/${region}/healthz`;
}
