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
