// Where the simulated clients' requests went over the last seconds: per region, how many were
// served and how many failed, as shares of every request in the window.

export interface ClientRequestRecord {
  /** When the request was sent (lab clock). */
  at: number;
  /** The region the client's DNS answer sent it to; undefined when resolution itself failed. */
  region?: string;
  ok: boolean;
  reason?: string;
}

export interface RegionTraffic {
  requests: number;
  served: number;
  failed: number;
  /** Served by this region, as a share of every request in the window (0..1). */
  share: number;
}

export interface ClientTrafficReport {
  clients: number;
  windowSeconds: number;
  requests: number;
  /** Requests that got no good answer (from any region, or no DNS answer), as a share (0..1). */
  failedShare: number;
  byRegion: Record<string, RegionTraffic>;
  /** The last failure's reason, if any in the window. */
  lastFailure?: string;
}

export function trafficShare(records: readonly ClientRequestRecord[], now: number, windowMs: number, clients: number): ClientTrafficReport {
  const recent = records.filter((r) => r.at > now - windowMs && r.at <= now);
  const byRegion: Record<string, RegionTraffic> = {};
  for (const record of recent) {
    if (!record.region) continue;
    const entry = (byRegion[record.region] ??= { requests: 0, served: 0, failed: 0, share: 0 });
    entry.requests += 1;
    if (record.ok) entry.served += 1;
    else entry.failed += 1;
  }
  const total = recent.length;
  for (const entry of Object.values(byRegion)) entry.share = total === 0 ? 0 : entry.served / total;
  const failures = recent.filter((r) => !r.ok);
  const lastFailure = failures[failures.length - 1]?.reason;
  return {
    clients,
    windowSeconds: windowMs / 1000,
    requests: total,
    failedShare: total === 0 ? 0 : failures.length / total,
    byRegion,
    ...(lastFailure ? { lastFailure } : {}),
  };
}

/**
 * When the users had moved to `region`: the start of the first `bucketMs` bucket after `sinceMs`
 * from which every bucket up to `nowMs` had at least `share` of its requests served by that
 * region (undefined while they have not). "Fault → 99 % of requests on the secondary" is
 * `movedAt(records, secondary, faultAt, now) - faultAt`.
 */
export function movedAt(records: readonly ClientRequestRecord[], region: string, sinceMs: number, nowMs: number, share = 0.99, bucketMs = 1000): number | undefined {
  let moved: number | undefined;
  for (let start = sinceMs; start + bucketMs <= nowMs; start += bucketMs) {
    const bucket = records.filter((r) => r.at >= start && r.at < start + bucketMs);
    const served = bucket.filter((r) => r.ok && r.region === region).length;
    const there = bucket.length > 0 && served / bucket.length >= share;
    if (!there) moved = undefined;
    else moved ??= start;
  }
  return moved;
}
