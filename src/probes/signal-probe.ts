// The shape every signal's probe has: what it reads (a source, cached and shared by key), how it
// reads it, and how an answer is judged. The ProbeRunner does the rest — timeouts, caching,
// backing off, turning failures into reasons — the same way for every signal.
import type { CallOptions } from '../core/ports/call-options.js';
import type { AksPort } from '../core/ports/aks-port.js';
import type { TrafficManagerPort } from '../core/ports/traffic-manager-port.js';
import type { FailoverPolicy, RegionSpec, SignalName } from '../policy/index.js';
import type { ClusterPorts } from './cluster-ports.js';
import type { HttpProbeClient } from './http-probe-client.js';

export interface ProbePorts {
  aks: AksPort;
  trafficManager: TrafficManagerPort;
  clusters: ClusterPorts;
  http: HttpProbeClient;
}

export interface ProbeTarget {
  policy: FailoverPolicy;
  region: RegionSpec;
  ports: ProbePorts;
}

export interface ProbeVerdict {
  ok: boolean;
  /** For people: `3/5 nodes Ready (need 60%)`. */
  reason: string;
  detail?: Record<string, unknown>;
}

export interface SignalProbe<T> {
  signal: SignalName;
  /** Which system answers: Kubernetes reads are subject to the cluster's back-off. */
  source: 'kubernetes' | 'arm' | 'app';
  /** Why the signal cannot be probed in this region (missing settings), if so. */
  unavailable?(target: ProbeTarget): string | undefined;
  /** Identifies what is read, so regions and policies reading the same thing share one answer. */
  key(target: ProbeTarget): string;
  fetch(target: ProbeTarget, options: CallOptions): Promise<T>;
  judge(value: T, target: ProbeTarget): ProbeVerdict;
}
