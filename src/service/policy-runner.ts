// One policy in the service: every replica observes it each interval (publishing its view for the
// vantage quorum); the replica holding the policy's lease runs the engine's cycle — with an
// AbortSignal that fires when its leadership ends, so a fenced replica stops between two calls and
// the next actor resumes the operation from the journal. Two loops: the lease (every third of its
// duration) and the cycle (every policy interval).
import type { Logger } from 'pino';
import type { Clock } from '../engine/clock.js';
import { PolicyEngine, type CycleReport } from '../engine/engine.js';
import type { ActionPorts } from '../engine/executor/executor-ports.js';
import { hostname } from 'node:os';
import { beat, heartbeatKey, stopped, type LoopHeartbeat } from '../engine/loop-presence.js';
import type { FailoverPolicy } from '../policy/index.js';
import type { StateStore } from '../state/state-store.js';
import type { Leadership } from './leadership.js';

export interface PolicyRunnerOptions {
  policy: FailoverPolicy;
  store: StateStore;
  clock: Clock;
  ports: ActionPorts;
  leadership: Leadership;
  renewEveryInMs: number;
  /** Whether this replica should try to take the lease now (it is the preferred actor, or nobody acts). */
  shouldTry: (attempt: number) => boolean;
  /** Whether this replica, acting, should hand the policy to its preferred replica (rebalancing). */
  shouldYield: () => boolean;
  onLeadership: (leading: boolean) => void;
  onCycle: (report: CycleReport) => void;
  logger?: Logger;
  engineOptions?: Partial<Pick<ConstructorParameters<typeof PolicyEngine>[1], 'timings' | 'retry' | 'readinessTtlMs'>>;
}

export class PolicyRunner {
  readonly engine: PolicyEngine;
  private readonly stop = new AbortController();
  private done: Promise<void> | undefined;
  private inCycle = false;
  private readonly startedAt: number;
  lastCycleAt: number | undefined;
  lastError: string | undefined;

  constructor(private readonly options: PolicyRunnerOptions) {
    const { policy, store, clock, ports, logger, engineOptions } = options;
    this.startedAt = clock.now();
    this.engine = new PolicyEngine(policy, { store, clock, ports, ...(logger ? { logger } : {}), ...(engineOptions ?? {}) });
  }

  get name(): string {
    return this.options.policy.metadata.name;
  }

  get leading(): boolean {
    return this.options.leadership.leading;
  }

  leadershipHealth(): ReturnType<Leadership['health']> {
    return this.options.leadership.health();
  }

  start(): void {
    this.done ??= Promise.all([this.leaseLoop(), this.cycleLoop()]).then(() => undefined);
  }

  /** Stops both loops; an operation in flight stops between calls (journaled) and the lease is released. */
  async close(): Promise<void> {
    this.stop.abort(new Error('the service is stopping'));
    await this.done;
    await this.options.leadership.release();
    this.options.onLeadership(false);
  }

  private async leaseLoop(): Promise<void> {
    const { leadership, renewEveryInMs, shouldTry, shouldYield, onLeadership, logger } = this.options;
    for (let attempt = 0; !this.stop.signal.aborted; attempt++) {
      try {
        // Rebalancing happens between cycles only: an operation in flight is never handed over.
        if (leadership.leading && !this.inCycle && shouldYield()) {
          logger?.info({ policy: this.name }, 'handing the policy to its preferred replica');
          await leadership.release();
        } else if (leadership.leading || shouldTry(attempt)) await leadership.attempt();
      } catch (error) {
        logger?.warn({ policy: this.name, err: error }, 'lease attempt failed');
      }
      onLeadership(leadership.leading);
      // The heartbeat says "an actor is alive" to commands from other replicas; beaten with the
      // lease rather than per cycle, so it stays fresh through an operation that takes minutes.
      if (leadership.leading) await this.beat().catch((error: unknown) => logger?.warn({ policy: this.name, err: error }, 'could not write the heartbeat'));
      if (!(await this.pause(renewEveryInMs))) break;
    }
  }

  private async cycleLoop(): Promise<void> {
    const { leadership, clock, ports, policy, onCycle, logger } = this.options;
    let wasLeading = false;
    while (!this.stop.signal.aborted) {
      try {
        const term = leadership.signal;
        if (leadership.leading && term) {
          wasLeading = true;
          this.inCycle = true;
          try {
            await this.beat();
            const report = await this.engine.runCycle({ signal: AbortSignal.any([this.stop.signal, term]) });
            onCycle(report);
          } finally {
            this.inCycle = false;
          }
        } else {
          if (wasLeading) await this.markStopped();
          wasLeading = false;
          // Not acting: observe anyway, so the actor has this replica's vantage point.
          await ports.observer.observe(policy, { abortSignal: this.stop.signal });
        }
        this.lastCycleAt = clock.now();
        this.lastError = undefined;
      } catch (error) {
        if (this.stop.signal.aborted) break;
        this.lastError = error instanceof Error ? error.message : String(error);
        logger?.error({ policy: this.name, err: error }, 'cycle failed; trying again next interval');
      }
      if (!(await this.pause(this.engine.intervalMs))) break;
    }
    if (wasLeading) await this.markStopped();
  }

  private beat(): Promise<void> {
    const { store, clock } = this.options;
    return beat(store, this.name, { startedAt: this.startedAt, heartbeatAt: clock.now(), intervalMs: this.engine.intervalMs }, clock.now());
  }

  /** Marks the loop stopped — only when the heartbeat is still ours: the next actor may have beaten already. */
  private async markStopped(): Promise<void> {
    const { store, clock } = this.options;
    const current = await store.load<LoopHeartbeat>(heartbeatKey(this.name)).catch(() => undefined);
    if (current?.data.pid === process.pid && current.data.host === hostname()) await stopped(store, this.name, clock.now()).catch(() => undefined);
  }

  private async pause(ms: number): Promise<boolean> {
    try {
      await this.options.clock.sleep(ms, this.stop.signal);
      return true;
    } catch {
      return false;
    }
  }
}
