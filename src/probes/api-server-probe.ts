// `apiServer`: the Kubernetes API server's own readiness (`GET /readyz`), the cheapest request there is.
import type { ReadyzResult } from '../core/ports/kubernetes-port.js';
import type { ProbeVerdict, SignalProbe } from './signal-probe.js';

/** `[-]etcd failed: reason withheld` lines of a verbose readyz answer, when the adapter passed the body on. */
function failedChecks(body: string | undefined): string[] {
  return (body ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('[-]'));
}

export function judgeReadyz(result: ReadyzResult): ProbeVerdict {
  if (result.ok) return { ok: true, reason: 'readyz ok' };
  const failed = failedChecks(result.body);
  const status = result.status === undefined ? 'readyz not ready' : `readyz ${result.status}`;
  return { ok: false, reason: failed.length > 0 ? `${status}: ${failed.slice(0, 3).join(', ')}` : status, ...(result.status ? { detail: { status: result.status } } : {}) };
}

export const apiServerProbe: SignalProbe<ReadyzResult> = {
  signal: 'apiServer',
  source: 'kubernetes',
  key: ({ region }) => `kube:${region.cluster.toLowerCase()}:readyz`,
  fetch: ({ region, ports }, options) => ports.clusters.kubernetes(region.cluster).readyz(options),
  judge: (result) => judgeReadyz(result),
};
