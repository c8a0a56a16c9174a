// Fault injection: what is broken in the lab right now, and whether a given request should feel it.
// Region faults break one region's signals; ARM faults break Azure Resource Manager requests,
// for one region's resources or for all ('*'), optionally narrowed to a method or a path substring.
import type { DeadMode } from './http/handler.js';

export const regionFaultKinds = [
  'region-down',
  'apiserver-down',
  'apiserver-slow',
  'nodes-notready',
  'workloads-unavailable',
  'app-5xx',
  'flaky',
  'acr-replica-degraded',
  'backup-stale',
  'restore-fails',
  'restore-hangs',
  'backup-storage-unavailable',
  'aks-quota-exceeded',
  'aks-allocation-failed',
  'aks-operation-in-progress',
] as const;
export const armFaultKinds = ['arm-throttle', 'arm-5xx', 'arm-slow', 'arm-drop'] as const;
export const faultKinds = [...regionFaultKinds, ...armFaultKinds] as const;

export type RegionFaultKind = (typeof regionFaultKinds)[number];
export type ArmFaultKind = (typeof armFaultKinds)[number];
export type FaultKind = (typeof faultKinds)[number];

export function isFaultKind(value: string): value is FaultKind {
  return (faultKinds as readonly string[]).includes(value);
}
export function isArmFaultKind(kind: FaultKind): kind is ArmFaultKind {
  return (armFaultKinds as readonly string[]).includes(kind);
}

export interface FaultOptions {
  /** Probability in (0, 1] that an affected request feels the fault (default 1; `flaky` defaults to 0.3). */
  rate?: number;
  /** Fire this many times, then heal by itself (ARM faults; default unlimited). */
  count?: number;
  /** Added latency for `apiserver-slow` / `arm-slow` (defaults 5000 / 3000 ms). */
  latencyMs?: number;
  /** `Retry-After` seconds on `arm-throttle` (default 1), and how often its lowered budget refills. */
  retryAfterSeconds?: number;
  /** `arm-throttle`: requests admitted per Retry-After window before 429s (default 0). */
  budget?: number;
  /** ARM faults only: restrict to this HTTP method. */
  method?: string;
  /** ARM faults only: restrict to paths containing this text (case-insensitive). */
  pathContains?: string;
  /** `restore-fails`: the phase the restore ends in (default Failed). */
  phase?: 'Failed' | 'PartiallyFailed';
  /**
   * Faults that kill an endpoint (`region-down`, `apiserver-down`, `arm-drop`): how the dead
   * endpoint looks (see `deadModes`). Default `blackhole` for `region-down` — in a real regional
   * outage most calls run into their timeout — and `refused` for the others.
   */
  mode?: DeadMode;
}

export interface Fault extends FaultOptions {
  id: number;
  region: string; // a region name, or '*' for every region (ARM faults)
  kind: FaultKind;
  injectedAt: number;
  fired: number;
}

/** Faults whose endpoint is dead, so `mode` applies. */
export const killingFaultKinds: readonly FaultKind[] = ['region-down', 'apiserver-down', 'arm-drop'];

/** How a killing fault's endpoint looks: its `mode`, or the kind's default. */
export function deadModeOf(fault: Pick<Fault, 'kind' | 'mode'>): DeadMode {
  return fault.mode ?? (fault.kind === 'region-down' ? 'blackhole' : 'refused');
}

export class FaultBook {
  private faults: Fault[] = [];
  private nextId = 1;

  constructor(
    private readonly random: () => number,
    private readonly now: () => number,
  ) {}

  inject(region: string, kind: FaultKind, options: FaultOptions = {}): Fault {
    // One fault of a kind per region: injecting again replaces its options.
    this.faults = this.faults.filter((f) => !(f.region === region && f.kind === kind));
    const fault: Fault = { ...options, id: this.nextId++, region, kind, injectedAt: this.now(), fired: 0 };
    if (kind === 'flaky' && fault.rate === undefined) fault.rate = 0.3;
    this.faults.push(fault);
    return fault;
  }

  /** Heal one region (its region faults and ARM faults scoped to it), or everything. */
  heal(region?: string): Fault[] {
    const healed = region === undefined ? this.faults : this.faults.filter((f) => f.region === region);
    this.faults = region === undefined ? [] : this.faults.filter((f) => f.region !== region);
    return healed;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  /** The active fault of this kind in this region, without rolling its rate. */
  active(region: string, kind: FaultKind): Fault | undefined {
    return this.faults.find((f) => f.kind === kind && (f.region === region || f.region === '*'));
  }

  /** True when the fault exists and this request is one of those that feel it (rate, count). */
  fires(region: string, kind: FaultKind): Fault | undefined {
    const fault = this.active(region, kind);
    return fault && this.roll(fault) ? fault : undefined;
  }

  /**
   * The first ARM fault that applies to this request. `regionOfPath` names the region whose
   * resources the path touches (undefined for global resources such as the Traffic Manager profile).
   */
  armFault(method: string, path: string, regionOfPath: string | undefined): Fault | undefined {
    const lowerPath = path.toLowerCase();
    for (const fault of this.faults) {
      // arm-throttle acts through the throttle's budgets (arm/throttling.ts), not as a plain answer.
      if (!isArmFaultKind(fault.kind) || fault.kind === 'arm-throttle') continue;
      if (fault.region !== '*' && fault.region !== regionOfPath) continue;
      if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) continue;
      if (fault.pathContains && !lowerPath.includes(fault.pathContains.toLowerCase())) continue;
      if (this.roll(fault)) return fault;
    }
    return undefined;
  }

  /** ARM faults of this kind that match the request, without rolling (the caller decides when they fire). */
  armFaultsOfKind(kind: ArmFaultKind, method: string, path: string, regionOfPath: string | undefined): Fault | undefined {
    const lowerPath = path.toLowerCase();
    return this.faults.find(
      (f) =>
        f.kind === kind &&
        (f.region === '*' || f.region === regionOfPath) &&
        (!f.method || f.method.toUpperCase() === method.toUpperCase()) &&
        (!f.pathContains || lowerPath.includes(f.pathContains.toLowerCase())),
    );
  }

  /** Roll the fault's rate and count it as fired: true when this request feels it. */
  fire(fault: Fault): boolean {
    return this.faults.includes(fault) && this.roll(fault);
  }

  private roll(fault: Fault): boolean {
    if (fault.rate !== undefined && fault.rate < 1 && this.random() >= fault.rate) return false;
    fault.fired += 1;
    if (fault.count !== undefined && fault.fired >= fault.count) {
      this.faults = this.faults.filter((f) => f !== fault);
    }
    return true;
  }
}
