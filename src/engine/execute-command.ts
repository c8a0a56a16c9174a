// One way to carry out a person's command, whoever asks (CLI, HTTP): when a loop for the policy is
// alive in another process, queue the command for it and wait for its answer; otherwise run the
// cycle here, with the command, exactly as the loop would.
import type { Command } from '../core/index.js';
import type { StateStore } from '../state/state-store.js';
import type { Clock } from './clock.js';
import type { CommandResult } from './command-result.js';
import type { PolicyEngine } from './engine.js';
import { liveLoop, type LoopHeartbeat } from './loop-presence.js';

export interface ExecuteCommandOptions {
  store: StateStore;
  clock: Clock;
  /** How long to wait for a running loop's answer before reporting the command as queued. */
  waitMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Told when the command is queued for a running loop (so a person knows what it waits for). */
  onQueued?: (commandId: string, loop: LoopHeartbeat, expiresAt: number) => void;
}

export type ExecutedCommand =
  | { via: 'here'; result: CommandResult; conflict?: boolean }
  /** Carried out (or started) by the running loop; `result` absent only if `withdrawn` says why nothing was done. */
  | { via: 'loop'; commandId: string; loop: LoopHeartbeat; result?: CommandResult; withdrawn?: string };

export async function executeCommand(engine: PolicyEngine, command: Command, options: ExecuteCommandOptions): Promise<ExecutedCommand> {
  const { store, clock } = options;
  const dryRun = (command.kind === 'failover' || command.kind === 'failback') && command.dryRun === true;
  const loop = dryRun ? undefined : await liveLoop(store, engine.policy.metadata.name, clock.now());
  if (!loop) {
    const report = await engine.runCycle({ command, ...(options.signal ? { signal: options.signal } : {}) });
    if (!report.commandResult) throw new Error('the engine returned no result for the command');
    return { via: 'here', result: report.commandResult, ...(report.conflict ? { conflict: true } : {}) };
  }
  // The command expires with its sender's patience: a loop that has not taken it by then drops it.
  const deadline = clock.now() + options.waitMs;
  const queued = await engine.queue.submit(command, clock.now(), deadline);
  options.onQueued?.(queued.id, loop, deadline);
  let result: CommandResult | undefined;
  for (;;) {
    result = await engine.queue.resultOf(queued.id);
    // `started` is an intermediate answer: keep waiting for the operation's end while there is time.
    if (result && result.status !== 'started') break;
    if (clock.now() >= deadline) break;
    if (!result && !(await liveLoop(store, engine.policy.metadata.name, clock.now()))) {
      return withdraw(engine, queued.id, loop, 'the loop stopped before taking the command', clock);
    }
    await clock.sleep(options.pollMs ?? 1_000, options.signal);
  }
  if (result) return { via: 'loop', commandId: queued.id, loop, result };
  return withdraw(engine, queued.id, loop, `no loop took it within ${Math.round(options.waitMs / 1000)} s`, clock);
}

/** Withdraws a command nobody took, then reads once more: the loop may have answered in between. */
async function withdraw(engine: PolicyEngine, id: string, loop: LoopHeartbeat, why: string, clock: Clock): Promise<ExecutedCommand> {
  await engine.queue.withdraw(id, why, clock.now());
  const late = await engine.queue.resultOf(id);
  if (late && late.status !== 'expired') return { via: 'loop', commandId: id, loop, result: late };
  return { via: 'loop', commandId: id, loop, withdrawn: why };
}
