// The vantage quorum, a pure rule: a region is declared down only when a quorum of the fresh vantage
// points (this replica and the others that published a recent cycle) see it down — every counted
// serving signal failing, the same verdict the health evaluation applies. Why: a replica cut off
// from one region (its own network, a firewall rule, a DNS problem on its node) sees that region
// down while it is up for its users; one vantage point must not move the traffic. The quorum is
// `spec.health.vantageQuorum`: `majority` (default: more than half of the fresh vantage points) or a
// number. With one replica the majority is one: the single replica decides alone, as before.
//
// When the local cycle sees a region down but the quorum is not met, the region's observations are
// replaced by those of a vantage point that sees it up (each reason says whose they are), so the
// evaluation counts a passed cycle; a region seen up locally is never declared down by the others.
import { defaultVerdictRule, evaluateVerdict, type CycleObservations, type Observation } from '../core/index.js';
import type { FailoverPolicy } from '../policy/index.js';
import type { VantageReport } from './vantage-board.js';

export type VantageQuorumSetting = 'majority' | number;

export function quorumOf(setting: VantageQuorumSetting, vantagePoints: number): number {
  if (setting === 'majority') return Math.floor(vantagePoints / 2) + 1;
  return Math.min(setting, vantagePoints);
}

export interface QuorumOutcome {
  cycle: CycleObservations;
  /** Regions seen down here but not by a quorum: what was overruled, for logs and the audit trail. */
  overruled: { region: string; downVotes: number; vantagePoints: number; quorum: number }[];
}

export function applyVantageQuorum(policy: FailoverPolicy, local: VantageReport, peers: readonly VantageReport[], setting: VantageQuorumSetting): QuorumOutcome {
  const rule = defaultVerdictRule(policy.spec.health);
  const others = peers.filter((p) => p.replica !== local.replica);
  const vantagePoints = others.length + 1;
  const quorum = quorumOf(setting, vantagePoints);
  const byRegion: Record<string, Observation[]> = { ...local.cycle.byRegion };
  const overruled: QuorumOutcome['overruled'] = [];
  for (const [region, observations] of Object.entries(local.cycle.byRegion)) {
    if (!evaluateVerdict(rule, observations).failed) continue;
    const upPeers = others.filter((p) => {
      const seen = p.cycle.byRegion[region];
      return seen !== undefined && !evaluateVerdict(rule, seen).failed;
    });
    const downVotes = vantagePoints - upPeers.length;
    if (downVotes >= quorum) continue;
    const witness = upPeers[0];
    if (!witness) continue;
    overruled.push({ region, downVotes, vantagePoints, quorum });
    byRegion[region] = (witness.cycle.byRegion[region] ?? []).map((o) => ({
      ...o,
      at: Math.max(o.at, local.cycle.at),
      reason: `${o.reason} (seen from ${witness.replica}; ${local.replica} sees it down, ${downVotes} of ${vantagePoints} vantage points, quorum ${quorum})`,
    }));
  }
  return { cycle: { at: local.cycle.at, byRegion }, overruled };
}
