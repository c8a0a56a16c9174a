// Timestamps as Kubernetes and Velero write them.

/** RFC 3339 with second precision, the way the API server serialises `metav1.Time`. */
export function kubeTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Velero's `Schedule.TimestampedName` suffix, Go layout `20060102150405`, UTC. */
export function veleroNameStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Milliseconds of a timestamp field, or undefined. */
export function timestampMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Shift an RFC 3339 timestamp field by `deltaMs`, keeping absent/invalid values as they are. */
export function shiftTimestamp(value: unknown, deltaMs: number): unknown {
  const ms = timestampMs(value);
  return ms === undefined ? value : kubeTimestamp(ms + deltaMs);
}

/** A Go duration string (`720h0m0s`, `4h`, `90m`, `1.5h`) in milliseconds; undefined when malformed. */
export function parseGoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let rest = value;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
    rest = rest.slice(m[0].length);
  }
  return total;
}
