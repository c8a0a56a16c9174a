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
  /** How often the simulated Velero schedule produces a Completed backup. */
  backupEveryMs: number;
  /** How long a restore stays in each non-terminal phase. */
  restoreStepMs: number;
  /** How long an agent-pool scale or cluster start takes before the LRO reports Succeeded. */
  armOperationMs: number;
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
   * (1: Azure's pace, on the lab clock). Tests that want today's near-instant view raise it.
   */
  monitorTimeScale: number;
}

export const defaultTiming: LabTiming = {
  backupEveryMs: 60_000,
  restoreStepMs: 1_500,
  armOperationMs: 1_500,
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
