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
import { commandResultOf, type CommandResult } from './command-result.js';
import { recordAudit } from './engine-audit.js';
import { loadDocument, saveDocument, type LoadedDocument } from './engine-document.js';
import type { ActionPorts } from './executor/executor-ports.js';
import { Executor } from './executor/executor.js';
import { Journal } from './executor/journal.js';
import type { RetrySettings } from './executor/retry.js';
import type { ExecutorTimings } from './executor/step-context.js';
import { beat, stopped } from './loop-presence.js';
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
    let resumed: OperationOutcome | undefined;
    if (!dryRun && isInFlight(loaded.doc.engine)) {
      const finished = await this.finishOperation(loaded, [], options.signal);
      if (!finished.loaded) return { previous: loaded.doc.engine, conflict: true };
      ({ outcome: resumed, loaded } = finished);
    }
    const { doc, revision } = loaded;
    const processed = doc.commandsProcessed ?? 0;
    const queued: QueuedCommand | undefined = options.command || dryRun ? undefined : (await this.queue.pending(processed))[0];
    const command = options.command ?? queued?.command;

    const cycle = await ports.observer.observe(this.policy, options.signal ? { abortSignal: options.signal } : {});
    const health = evaluateHealth(this.policy, doc.health, cycle);
    const previous = doc.engine;
    const regions = regionsNeedingReadiness(this.policy, health, previous, command);
    const readiness = await refreshReadiness({ checker: ports.readiness, policy: this.policy, regions, cached: doc.readiness, now: clock.now(), ttlMs: this.deps.readinessTtlMs ?? 30_000, ...(options.signal ? { signal: options.signal } : {}), ...(this.log ? { logger: this.log } : {}) });
    const now = clock.now();
    const decision = decide({ policy: this.policy, health, readiness, state: previous, now, ...(command ? { command } : {}) });
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
    if (queued && report.commandResult) await this.queue.reply(queued.id, report.commandResult, now);

    const started = isInFlight(decision.next) && !(isInFlight(previous) && previous.operationId === decision.next.operationId);
    if (!started) return report;
    const finished = await this.finishOperation({ doc: next, revision: saved }, decision.overrides.map((o) => o.rule), options.signal);
    if (!finished.outcome) return { ...report, conflict: true };
    const commandResult = command ? commandResultOf(command, previous, decision, finished.outcome) : undefined;
    if (queued && commandResult) await this.queue.reply(queued.id, commandResult, clock.now());
    return { ...report, outcome: finished.outcome, ...(commandResult ? { commandResult } : {}) };
  }

  /** The loop in the foreground until `signal` aborts; a cycle that throws is logged, the loop goes on. */
  async run(signal: AbortSignal, onCycle?: (report: CycleReport) => void): Promise<void> {
    const { clock, store } = this.deps;
    const name = this.policy.metadata.name;
    const startedAt = clock.now();
    while (!signal.aborted) {
      try {
        await beat(store, name, { startedAt, heartbeatAt: clock.now(), intervalMs: this.intervalMs }, clock.now());
        // Not `onCycle?.(await …)`: an optional call skips evaluating its arguments when absent.
        const report = await this.runCycle({ signal });
        onCycle?.(report);
      } catch (error) {
        if (signal.aborted) break;
        this.log?.error({ err: error }, 'engine cycle failed; trying again next interval');
      }
      try {
        await clock.sleep(this.intervalMs, signal);
      } catch {
        break;
      }
    }
    await stopped(store, name, clock.now());
    this.log?.info('engine loop stopped');
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
