// Observations: what one probe saw of one region at one moment. Plain data, produced by the probes
// (I/O) and consumed by the pure health evaluation.
import type { SignalName } from '../policy/schema.js';
import type { RoutingView } from './routing/routing.js';

export type { SignalName } from '../policy/schema.js';
export { signalNames } from '../policy/schema.js';

/** A region's name as written in the policy (`westeurope`). */
export type RegionName = string;

export interface Observation {
  region: RegionName;
  signal: SignalName;
  /** For `trafficManager`: true when Azure's own endpoint monitor sees the endpoint Online. */
  ok: boolean;
  latencyMs: number;
  /** Why it passed or failed, for people: `readyz 503`, `3/5 nodes Ready`, `timeout after 4000 ms`. */
  reason: string;
  /** Epoch ms at which the probe finished. */
  at: number;
  detail?: Record<string, unknown>;
}

/** One probe cycle: every region's observations, taken together at `at` (epoch ms). */
export interface CycleObservations {
  at: number;
  byRegion: Record<RegionName, Observation[]>;
  /** The Traffic Manager profile's endpoints as read (absent when the profile could not be read). */
  routing?: RoutingView;
}
