// `app`: the application's own health URL in the region answers with a status inside
// `regions[].app.expectStatus`, within `health.app.maxLatencyMs` when that is set.
import type { ProbeVerdict, SignalProbe } from './signal-probe.js';
import type { HttpProbeResponse } from './http-probe-client.js';

export function judgeAppResponse(response: HttpProbeResponse, expectStatus: readonly [number, number], maxLatencyMs: number | undefined): ProbeVerdict {
  const [min, max] = expectStatus;
  const detail = { status: response.status, latencyMs: response.latencyMs };
  if (response.status < min || response.status > max) return { ok: false, reason: `HTTP ${response.status} (expected ${min}-${max})`, detail };
  if (maxLatencyMs !== undefined && response.latencyMs > maxLatencyMs) {
    return { ok: false, reason: `HTTP ${response.status} after ${response.latencyMs} ms (limit ${maxLatencyMs} ms)`, detail };
  }
  return { ok: true, reason: `HTTP ${response.status} in ${response.latencyMs} ms`, detail };
}

export const appProbe: SignalProbe<HttpProbeResponse> = {
  signal: 'app',
  source: 'app',
  unavailable: ({ region }) => (region.app ? undefined : `regions[${region.name}].app.url is not set in the policy`),
  key: ({ region }) => `app:${region.app?.url ?? region.name}`,
  fetch: ({ region, ports }, options) => ports.http.get(region.app?.url ?? '', options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  judge: (response, { region, policy }) => judgeAppResponse(response, region.app?.expectStatus ?? [200, 399], policy.spec.health.app.maxLatencyMs),
};
