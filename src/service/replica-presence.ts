// Which replicas are alive, and which of them should act for a policy. Every replica stamps its name
// in one document (`service.replicas`) each lease period; the preferred actor of a policy is the live
// replica with the highest rendezvous hash of (policy, replica). Policies thus spread evenly over the
// replicas, and when one replica dies only *its* policies get a new preferred actor — the others
// keep theirs. Preference only decides who *tries first*: the lease alone decides who acts.
import { createHash } from 'node:crypto';
import { isStateConflictError, type StateStore } from '../state/state-store.js';

export const presenceKey = 'service.replicas';

type PresenceDocument = Record<string, { at: number }>;

export class ReplicaPresence {
  private live: string[] = [];
  /** When each live replica was first seen live (reset when it drops out). */
  private readonly firstSeen = new Map<string, number>();

  constructor(
    private readonly store: StateStore,
    readonly replica: string,
    private readonly freshForInMs: number,
  ) {}

  /** Stamps this replica and refreshes the view of the others. */
  async stamp(now: number): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.store.load<PresenceDocument>(presenceKey);
      const entries = Object.fromEntries(Object.entries(current?.data ?? {}).filter(([, p]) => now - p.at <= 20 * this.freshForInMs));
      const next = { ...entries, [this.replica]: { at: now } };
      try {
        await this.store.save(presenceKey, next, current?.revision ?? 0, new Date(now));
        this.live = Object.entries(next).filter(([, p]) => now - p.at <= this.freshForInMs).map(([name]) => name);
        for (const name of this.live) if (!this.firstSeen.has(name)) this.firstSeen.set(name, now);
        for (const name of [...this.firstSeen.keys()]) if (!this.live.includes(name)) this.firstSeen.delete(name);
        return;
      } catch (error) {
        if (!isStateConflictError(error)) throw error;
      }
    }
  }

  /** Leaves at shutdown, so the others stop preferring this replica at once. */
  async leave(now: number): Promise<void> {
    const current = await this.store.load<PresenceDocument>(presenceKey).catch(() => undefined);
    if (!current) return;
    const { [this.replica]: _gone, ...rest } = current.data;
    await this.store.save(presenceKey, rest, current.revision, new Date(now)).catch(() => undefined);
  }

  liveReplicas(): string[] {
    return this.live.includes(this.replica) ? [...this.live] : [...this.live, this.replica];
  }

  /** How long a replica has been live without a gap, in ms (0 when it is not live). */
  liveFor(replica: string, now: number): number {
    const since = this.firstSeen.get(replica);
    return since === undefined ? 0 : now - since;
  }

  preferredFor(policy: string): string {
    return preferredReplica(policy, this.liveReplicas());
  }
}

export function preferredReplica(policy: string, replicas: readonly string[]): string {
  let best = '';
  let bestScore = '';
  for (const replica of replicas) {
    const score = createHash('sha256').update(`${policy}\u0000${replica}`).digest('hex');
    if (score > bestScore) {
      best = replica;
      bestScore = score;
    }
  }
  return best;
}
