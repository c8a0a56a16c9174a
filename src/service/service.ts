// The standalone service (`aksdr serve`): every valid policy of a folder, each with its own runner
// (observe everywhere, act under the policy's lease), reloaded when the folder changes, and stopped
// gracefully — operations in flight stop between two calls (their journal resumes them, here or on
// another replica), leases are released so another replica takes over at once.
import type { Logger } from 'pino';
import type { Clock } from '../engine/clock.js';
import type { CycleReport } from '../engine/engine.js';
import type { EngineRuntime } from '../cli/commands/engine/engine-setup.js';
import type { ServiceMetrics } from '../metrics/service-metrics.js';
import type { Notifier } from '../notify/notifier.js';
import { AuditTrail } from '../state/audit-trail.js';
import type { LeaseProvider } from '../state/lease.js';
import type { StateStore } from '../state/state-store.js';
import { leadershipTimings } from './leadership.js';
import { openPolicySlot, type Slot } from './policy-slot.js';
import { PolicyDirectory, type PolicyEntry, type PolicyFileError } from './policy-directory.js';
import type { PolicyRunner, PolicyRunnerOptions } from './policy-runner.js';
import { ReplicaPresence } from './replica-presence.js';
import type { DrillRunner, DrillSchedule } from './scheduled-audit.js';
import { VantageBoard } from './vantage-board.js';

export type PolicyRuntimeFactory = (entry: PolicyEntry) => Promise<EngineRuntime>;

export interface ServiceOptions {
  policiesDir: string;
  replica: string;
  store: StateStore;
  leases: LeaseProvider;
  clock: Clock;
  logger: Logger;
  metrics: ServiceMetrics;
  runtime: PolicyRuntimeFactory;
  notifier?: Notifier;
  reloadEveryInMs?: number;
  engineOptions?: PolicyRunnerOptions['engineOptions'];
  /** The drill a schedule runs (default: a readiness audit). */
  drillRunner?: (runtime: EngineRuntime) => DrillRunner;
}


export interface ServiceStatus {
  replica: string;
  started: boolean;
  policies: { name: string; file: string; leading: boolean; leaseRenewing: boolean; leaseError?: string; lastCycleAt?: number; lastError?: string }[];
  loadErrors: PolicyFileError[];
  /** Policies whose engine could not be started (e.g. no Azure access), retried at each reload. */
  startErrors: { file: string; error: string }[];
}

export class AksdrService {
  private readonly slots = new Map<string, Slot>();
  private readonly directory: PolicyDirectory;
  private readonly presence: ReplicaPresence;
  private readonly board: VantageBoard;
  private readonly audit: AuditTrail;
  private readonly stopping = new AbortController();
  private loadErrors: PolicyFileError[] = [];
  private startErrors = new Map<string, string>();
  private loops: Promise<void> | undefined;
  private started = false;
  private readonly timings;

  constructor(private readonly options: ServiceOptions) {
    this.directory = new PolicyDirectory(options.policiesDir);
    this.timings = leadershipTimings(options.leases.durationInMs);
    this.presence = new ReplicaPresence(options.store, options.replica, 3 * this.timings.renewEveryInMs);
    this.board = new VantageBoard(options.store);
    this.audit = new AuditTrail(options.store);
  }

  get replica(): string {
    return this.options.replica;
  }

  /** Loads the policies and starts their runners; resolves once the first load is done. */
  async start(): Promise<void> {
    await this.presence.stamp(this.options.clock.now()).catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not publish this replica\'s presence'));
    await this.reload();
    this.started = true;
    this.loops = Promise.all([this.every(this.options.reloadEveryInMs ?? 5_000, () => this.reload()), this.every(this.timings.renewEveryInMs, () => this.presence.stamp(this.options.clock.now()))]).then(() => undefined);
  }

  /** Graceful stop: ends every runner (journaled), releases the leases, waits for notifications. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loops;
    await Promise.all([...this.slots.keys()].map((file) => this.close(file)));
    await this.presence.leave(this.options.clock.now());
    await this.options.notifier?.drain();
  }

  status(): ServiceStatus {
    return {
      replica: this.options.replica,
      started: this.started,
      policies: [...this.slots.values()].map(({ entry, runner }) => {
        const lease = runner.leadershipHealth();
        return { name: entry.policy.metadata.name, file: entry.file, leading: runner.leading, leaseRenewing: lease.renewing, ...(lease.lastError ? { leaseError: lease.lastError } : {}), ...(runner.lastCycleAt ? { lastCycleAt: runner.lastCycleAt } : {}), ...(runner.lastError ? { lastError: runner.lastError } : {}) };
      }),
      loadErrors: this.loadErrors,
      startErrors: [...this.startErrors].map(([file, error]) => ({ file, error })),
    };
  }

  /** The running engine of a policy by name, for the HTTP API. */
  find(name: string): { entry: PolicyEntry; runner: PolicyRunner; drills: DrillSchedule; lastReport?: CycleReport } | undefined {
    for (const slot of this.slots.values()) if (slot.entry.policy.metadata.name === name) return slot;
    return undefined;
  }

  private async reload(): Promise<void> {
    const { logger, metrics } = this.options;
    let snapshot;
    try {
      snapshot = await this.directory.read();
    } catch (error) {
      logger.error({ err: error }, 'could not read the policies folder; keeping what runs');
      return;
    }
    const before = JSON.stringify(this.loadErrors);
    this.loadErrors = snapshot.errors;
    metrics.policyLoadErrors.set(snapshot.errors.length);
    if (JSON.stringify(snapshot.errors) !== before) for (const e of snapshot.errors) logger.error({ file: e.file, errors: e.errors, keptRunning: e.keptRunning }, `policy file does not load${e.keptRunning ? `; its last good version (${e.keptRunning}) keeps running` : ''}`);
    const wanted = new Map(snapshot.policies.map((p) => [p.file, p]));
    for (const [file, slot] of this.slots) {
      const next = wanted.get(file);
      if (!next || next.fingerprint !== slot.entry.fingerprint) {
        logger.info({ policy: slot.entry.policy.metadata.name, file }, next ? 'policy changed: restarting its engine' : 'policy removed: stopping its engine');
        await this.close(file);
      }
    }
    for (const [file, entry] of wanted) {
      if (this.slots.has(file) || this.stopping.signal.aborted) continue;
      try {
        await this.open(entry);
        this.startErrors.delete(file);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (this.startErrors.get(file) !== message) logger.error({ policy: entry.policy.metadata.name, file, err: error }, 'could not start the policy\'s engine; retrying at the next reload');
        this.startErrors.set(file, message);
      }
    }
  }

  private async open(entry: PolicyEntry): Promise<void> {
    const slot = await openPolicySlot(entry, { ...this.options, presence: this.presence, board: this.board, audit: this.audit, timings: this.timings });
    this.slots.set(entry.file, slot);
    slot.runner.start();
  }

  private async close(file: string): Promise<void> {
    const slot = this.slots.get(file);
    if (!slot) return;
    this.slots.delete(file);
    await slot.drills.stop();
    await slot.runner.close();
    await slot.runtime.close().catch((error: unknown) => this.options.logger.warn({ err: error }, 'closing a policy runtime failed'));
  }

  private async every(ms: number, task: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        await this.options.clock.sleep(ms, this.stopping.signal);
      } catch {
        return;
      }
      await task().catch((error: unknown) => this.options.logger.warn({ err: error }, 'periodic service task failed'));
    }
  }
}
