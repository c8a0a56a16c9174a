// An Observer decorator: observes with the real probes, publishes what it saw for the other
// replicas, and hands the engine the cycle after the vantage quorum (`vantage-quorum.ts`). Every
// replica observes through it, leader or not, so the leader always has fresh peer reports.
import type { Logger } from 'pino';
import type { CycleObservations } from '../core/index.js';
import type { CallOptions } from '../core/ports/call-options.js';
import type { Observer } from '../core/ports/observer-port.js';
import type { Clock } from '../engine/clock.js';
import type { FailoverPolicy } from '../policy/index.js';
import { applyVantageQuorum } from './vantage-quorum.js';
import type { VantageBoard } from './vantage-board.js';

export interface QuorumObserverOptions {
  replica: string;
  board: VantageBoard;
  clock: Clock;
  logger?: Logger;
  /** Called with every local cycle (metrics: signal latencies). */
  onLocalCycle?: (policy: FailoverPolicy, cycle: CycleObservations) => void;
}

export class QuorumObserver implements Observer {
  /** What was last overruled, per policy: a partition lasting an hour is logged once, not every cycle. */
  private readonly lastOverruled = new Map<string, string>();

  constructor(
    private readonly inner: Observer,
    private readonly options: QuorumObserverOptions,
  ) {}

  async observe(policy: FailoverPolicy, callOptions?: CallOptions): Promise<CycleObservations> {
    const { replica, board, clock, logger } = this.options;
    const cycle = await this.inner.observe(policy, callOptions);
    this.options.onLocalCycle?.(policy, cycle);
    const name = policy.metadata.name;
    const intervalMs = policy.spec.health.intervalSeconds * 1000;
    const local = { replica, at: clock.now(), cycle };
    try {
      await board.publish(name, local, clock.now(), { staleAfterInMs: intervalMs });
      // Fresh: within three intervals — a peer that missed two cycles no longer votes.
      const peers = await board.fresh(name, clock.now(), 3 * intervalMs + 5_000);
      const outcome = applyVantageQuorum(policy, local, peers, policy.spec.health.vantageQuorum);
      const key = outcome.overruled.map((o) => o.region).join(',');
      if (key !== (this.lastOverruled.get(name) ?? '')) {
        for (const o of outcome.overruled) logger?.warn({ policy: name, ...o }, `${o.region} looks down from ${replica} only; no quorum of vantage points agrees, so it is not counted down`);
        if (key === '') logger?.info({ policy: name }, 'the vantage points agree again');
        this.lastOverruled.set(name, key);
      }
      return outcome.cycle;
    } catch (error) {
      // The board is unreachable: this replica cannot consult the others. Its own view stands —
      // the lease (same store) is then failing too, and a replica that cannot renew stops acting.
      logger?.warn({ policy: name, err: error }, 'could not consult the other vantage points; using this replica\'s own view');
      return cycle;
    }
  }
}
