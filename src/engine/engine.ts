// The loop of one policy: observe → evaluate → readiness (when needed) → decide → persist → audit
// → act → report. The state is saved before anything is done (FailingOver is on disk before the
// first step runs), the executor journals every step, and a cycle that finds an operation in flight
// — a previous process died during it — finishes that operation first. One code path serves the
// loop, a queued command, a command run from the CLI, and `aksdr plan` (which changes nothing).
import type { Logger } from 'pino';
import { decide, evaluateHealth, type Command, type RuleName, type Decision, type EngineState, type HealthState, type OperationOutcome, type ReadinessReport, type RegionName } from '../core/index.js';
import type { FailoverPolicy } from '../policy/index.js';
import { AuditTrail } from '../state/audit-trail.js';
import { isStateConflictError, type StateStore } from '../state/state-store.js';
import type { Clock } from './clock.js';
import { CommandQueue, type QueuedCommand } from './command-queue.js';
import { commandResultOf, expiredResult, type CommandResult } from './command-result.js';
import { recordAudit } from './engine-audit.js';
import { loadDocument, saveDocument, type LoadedDocument } from './engine-document.js';
import type { ActionPorts } from './executor/executor-ports.js';
import { Executor } from './executor/executor.js';
import { Journal } from './executor/journal.js';
import type { RetrySettings } from './executor/retry.js';
import type { ExecutorTimings } from './executor/step-context.js';
import { beat, lastHeartbeat, processIdentity, stopped } from './loop-presence.js';
import { refreshReadiness, regionsNeedingReadiness } from './readiness-cache.js';

export interface EngineDependencies {
  store: StateStore;
  clock: Clock;
  ports: ActionPorts;
  logger?: Logger;
  timings?: Partial<ExecutorTimings>;
  retry?: RetrySettings;
  /** How long a readiness report is reused (default 30 s). */
  readinessTtlMs?: number;
}

export interface CycleOptions {
  command?: Command;
  signal?: AbortSignal;
  /** Decide and report only: no save, no action (`aksdr plan`). Dry-run commands behave so too. */
  dryRun?: boolean;
}

export interface CycleReport {
  previous: EngineState;
  decision?: Decision;
  health?: HealthState;
  readiness?: Record<RegionName, ReadinessReport>;
  /** An operation found in flight at the start and finished in this cycle. */
  resumed?: OperationOutcome;
  /** The outcome of an operation this cycle started. */
  outcome?: OperationOutcome;
  command?: Command;
  commandResult?: CommandResult;
  /** Another writer saved the state in between: this cycle acted on nothing. */
  conflict?: boolean;
}

type InFlight = Extract<EngineState, { kind: 'FailingOver' | 'FailingBack' }>;
const isInFlight = (state: EngineState): state is InFlight => state.kind === 'FailingOver' || state.kind === 'FailingBack';
const isDryRun = (command: Command | undefined): boolean => (command?.kind === 'failover' || command?.kind === 'failback') && command.dryRun === true;

export class PolicyEngine {
  readonly executor: Executor;
  readonly journal: Journal;
  readonly queue: CommandQueue;
  private readonly audit: AuditTrail;
  private readonly log: Logger | undefined;

  constructor(
    readonly policy: FailoverPolicy,
    private readonly deps: EngineDependencies,
  ) {
    const name = policy.metadata.name;
    this.journal = new Journal(deps.store, name);
    this.queue = new CommandQueue(deps.store, name);
    this.audit = new AuditTrail(deps.store);
    this.log = deps.logger?.child({ policy: name });
    this.executor = new Executor({ ports: deps.ports, journal: this.journal, clock: deps.clock, ...(this.log ? { logger: this.log } : {}), ...(deps.timings ? { timings: deps.timings } : {}), ...(deps.retry ? { retry: deps.retry } : {}) });
  }

  get intervalMs(): number {
    return this.policy.spec.health.intervalSeconds * 1000;
  }

  async runCycle(options: CycleOptions = {}): Promise<CycleReport> {
    const { store, clock, ports } = this.deps;
    const dryRun = options.dryRun === true || isDryRun(options.command);
    let loaded = await loadDocument(store, this.policy, clock.now());
    if (loaded.clamped) this.log?.warn({ clamped: loaded.clamped, event: 'clock.stepped-back' }, `the saved state has ${loaded.clamped.length} timestamp(s) later than now (the wall clock stepped back since they were written): counted from now, so no rule expires early`);
    let resumed: OperationOutcome | undefined;
    if (!dryRun && isInFlight(loaded.doc.engine)) {
      // Operations finish within the cycle that starts them: one found in flight was left by a process that stopped.
      await this.audit.record({ at: new Date(clock.now()).toISOString(), policy: this.policy.metadata.name, operationId: loaded.doc.engine.operationId, kind: 'action', summary: `resuming ${loaded.doc.engine.operationId} from its journal: found in flight (the process running it stopped)`, details: { resumed: true, by: processIdentity() } });
      this.log?.warn({ operationId: loaded.doc.engine.operationId }, 'resuming an operation found in flight');
      const finished = await this.finishOperation(loaded, [], options.signal);
      if (!finished.loaded) return { previous: loaded.doc.engine, conflict: true };
      ({ outcome: resumed, loaded } = finished);
    }
    const { doc, revision } = loaded;
    const processed = doc.commandsProcessed ?? 0;
    const queued: QueuedCommand | undefined = options.command || dryRun ? undefined : (await this.queue.pending(processed))[0];
    // A queued command whose sender gave up (withdrawn) or that waited past its expiry is dropped, never run late.
    let dropped = queued ? await this.queue.staleness(queued, clock.now()) : undefined;
    let command = options.command ?? (dropped ? undefined : queued?.command);

    const cycle = await ports.observer.observe(this.policy, options.signal ? { abortSignal: options.signal } : {});
    const health = evaluateHealth(this.policy, doc.health, cycle);
    const previous = doc.engine;
    const regions = regionsNeedingReadiness(this.policy, health, previous, command);
    const activeUnreachable = previous.active !== undefined && health.regions[previous.active]?.latest?.failedSignals.includes('apiServer') === true;
    const readiness = await refreshReadiness({ checker: ports.readiness, policy: this.policy, regions, active: previous.active, activeUnreachable, cached: doc.readiness, now: clock.now(), ttlMs: this.deps.readinessTtlMs ?? 30_000, ...(options.signal ? { signal: options.signal } : {}), ...(this.log ? { logger: this.log } : {}) });
    const now = clock.now();
    const decideWith = (c: Command | undefined): Decision => decide({ policy: this.policy, health, readiness, state: previous, now, ...(c ? { command: c } : {}), ...(cycle.routing ? { routing: cycle.routing } : {}) });
    let decision = decideWith(command);
    if (queued && command === queued.command) {
      // Asked again right before acting: the sender may have withdrawn it while this cycle observed.
      dropped = await this.queue.staleness(queued, clock.now());
      if (dropped) {
        command = undefined;
        decision = decideWith(undefined);
      }
    }
    const report: CycleReport = { previous, decision, health, readiness, ...(resumed ? { resumed } : {}), ...(command ? { command, commandResult: commandResultOf(command, previous, decision) } : {}) };
    if (dryRun) return report;

    const next = { ...doc, engine: decision.next, health, readiness, commandsProcessed: processed + (queued ? 1 : 0) };
    let saved: number;
    try {
      saved = await saveDocument(store, this.policy, next, revision, now);
    } catch (error) {
      if (!isStateConflictError(error)) throw error;
      this.log?.warn({ err: error }, 'the engine state changed under us (another writer); not acting on this cycle');
      return { ...report, conflict: true };
    }
    await recordAudit(this.audit, { policy: this.policy.metadata.name, now, previous, decision, ...(command ? { command } : {}) });
    this.report(previous, decision);
    if (queued && dropped) await this.dropCommand(queued, decision.next.kind, dropped, now);
    if (queued && !dropped && report.commandResult) await this.queue.reply(queued.id, report.commandResult, now);

    const started = isInFlight(decision.next) && !(isInFlight(previous) && previous.operationId === decision.next.operationId);
    if (!started) return report;
    const finished = await this.finishOperation({ doc: next, revision: saved }, decision.overrides.map((o) => o.rule), options.signal);
    if (!finished.outcome) return { ...report, conflict: true };
    // The result states how the operation ended and the state after it, not the state it started in.
    const after = finished.loaded?.doc.engine.kind ?? decision.next.kind;
    const commandResult = command ? { ...commandResultOf(command, previous, decision, finished.outcome), state: after } : undefined;
    if (queued && commandResult) await this.queue.reply(queued.id, commandResult, clock.now());
    return { ...report, outcome: finished.outcome, ...(commandResult ? { commandResult } : {}) };
  }

  /**
   * The loop in the foreground until `signal` aborts. Fixed rate: a cycle starts every interval from
   * the start of the one before (a slow cycle — timeouts in a dead region — does not stretch the
   * period; an overrun starts the next at once, never two at a time). The heartbeat beats on its own
   * timer, so a long operation does not make the loop look dead to the CLI. A cycle that throws is
   * logged and the loop goes on.
   */
  async run(signal: AbortSignal, onCycle?: (report: CycleReport) => void): Promise<void> {
    const { clock, store } = this.deps;
    const name = this.policy.metadata.name;
    const startedAt = clock.now();
    await this.recordUncleanStop(startedAt);
    const heartbeat = this.beatUntil(signal, startedAt);
    let skewReported = 0;
    while (!signal.aborted) {
      const cycleStart = clock.now();
      skewReported = this.reportWallSkew(skewReported);
      try {
        // Not `onCycle?.(await …)`: an optional call skips evaluating its arguments when absent.
        const report = await this.runCycle({ signal });
        onCycle?.(report);
      } catch (error) {
        if (signal.aborted) break;
        this.log?.error({ err: error }, 'engine cycle failed; trying again next interval');
      }
      try {
        await clock.sleep(Math.max(0, cycleStart + this.intervalMs - clock.now()), signal);
      } catch {
        break;
      }
    }
    await heartbeat;
    await stopped(store, name, clock.now());
    this.log?.info('engine loop stopped');
  }

  private async beatUntil(signal: AbortSignal, startedAt: number): Promise<void> {
    const { clock, store } = this.deps;
    while (!signal.aborted) {
      await beat(store, this.policy.metadata.name, { startedAt, heartbeatAt: clock.now(), intervalMs: this.intervalMs }, clock.now()).catch((error: unknown) => this.log?.warn({ err: error }, 'could not save the heartbeat'));
      try {
        await clock.sleep(this.intervalMs, signal);
      } catch {
        return;
      }
    }
  }

  /**
   * The wall clock stepped while this process runs: its own time does not follow (clock.ts), so its
   * timestamps are off from the wall by the step until it restarts. Said once per step of over a minute.
   */
  private reportWallSkew(reported: number): number {
    const skew = this.deps.clock.wallSkewInMs?.() ?? 0;
    if (Math.abs(skew - reported) < 60_000) return reported;
    this.log?.warn({ event: 'clock.wall-stepped', wallSkewInMs: skew }, `the wall clock is ${Math.round(skew / 1000)} s ${skew >= 0 ? 'ahead of' : 'behind'} this process's monotonic time: durations (dwell, hold-down, deadlines) keep counting real time; timestamps follow the wall again after a restart`);
    return skew;
  }

  /** A heartbeat left beating (not marked stopped) means the previous loop died: say so in the audit trail. */
  private async recordUncleanStop(now: number): Promise<void> {
    const previous = await lastHeartbeat(this.deps.store, this.policy.metadata.name);
    if (!previous || previous.heartbeatAt === 0) return;
    const summary = `loop started; the previous loop (pid ${previous.pid} on ${previous.host}) did not stop cleanly — last heartbeat ${new Date(previous.heartbeatAt).toISOString()}`;
    await this.audit.record({ at: new Date(now).toISOString(), policy: this.policy.metadata.name, kind: 'action', summary, details: { previous, by: processIdentity() } });
    this.log?.warn({ previousPid: previous.pid, previousHost: previous.host }, 'the previous loop did not stop cleanly');
  }

  private async dropCommand(queued: QueuedCommand, state: EngineState['kind'], why: string, now: number): Promise<void> {
    await this.queue.reply(queued.id, expiredResult(queued.command, state, why), now);
    const by = 'by' in queued.command ? queued.command.by : 'unknown';
    await this.audit.record({ at: new Date(now).toISOString(), policy: this.policy.metadata.name, kind: 'command', summary: `${queued.command.kind} by ${by} not carried out: ${why}`, by, details: { command: queued.command, dropped: why } });
  }

  /** Runs (or resumes) the operation in flight, feeds its outcome back to decide, saves and audits. */
  private async finishOperation(loaded: LoadedDocument, overrides: RuleName[], signal: AbortSignal | undefined): Promise<{ outcome?: OperationOutcome; loaded?: LoadedDocument }> {
    const { doc, revision } = loaded;
    const state = doc.engine as InFlight;
    const outcome = await this.executor.execute(this.policy, state.plan, { startedAt: state.startedAt, overrides, ...(signal ? { signal } : {}) });
    const now = this.deps.clock.now();
    const decision = decide({ policy: this.policy, health: doc.health, readiness: doc.readiness ?? {}, state, now, outcome });
    const next = { ...doc, engine: decision.next };
    try {
      const saved = await saveDocument(this.deps.store, this.policy, next, revision, now);
      await recordAudit(this.audit, { policy: this.policy.metadata.name, now, previous: state, decision, outcome });
      this.report(state, decision);
      return { outcome, loaded: { doc: next, revision: saved } };
    } catch (error) {
      if (!isStateConflictError(error)) throw error;
      this.log?.error({ err: error, operationId: outcome.operationId }, 'operation ended but the state changed under us (another writer); the outcome is in the journal');
      return {};
    }
  }

  private report(previous: EngineState, decision: Decision): void {
    const changed = previous.kind !== decision.next.kind;
    const fields = { from: previous.kind, to: decision.next.kind, reasons: decision.reasons.map((r) => r.code), ...(decision.hold ? { rules: decision.hold.rules } : {}) };
    const message = decision.reasons.map((r) => r.message).join('; ') || decision.next.kind;
    if (changed) this.log?.info(fields, message);
    else this.log?.debug(fields, message);
    for (const alert of decision.alerts) this.log?.[alert.severity === 'info' ? 'info' : 'warn']({ event: alert.event, region: alert.region }, alert.message);
  }
}
