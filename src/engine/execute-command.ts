// One way to carry out a person's command, whoever asks (CLI, HTTP): when a loop for the policy is
// alive in another process, queue the command for it and wait for its answer; otherwise run the
// cycle here, with the command, exactly as the loop would.
import type { Command } from '../core/index.js';
import type { StateStore } from '../state/state-store.js';
import type { Clock } from './clock.js';
import type { CommandResult } from './command-result.js';
import type { PolicyEngine } from './engine.js';
import { liveLoop } from './loop-presence.js';

export interface ExecuteCommandOptions {
  store: StateStore;
  clock: Clock;
  /** How long to wait for a running loop's answer before reporting the command as queued. */
  waitMs: number;
  pollMs?: number;
  signal?: AbortSignal;
}

export type ExecutedCommand = { via: 'here'; result: CommandResult; conflict?: boolean } | { via: 'loop'; commandId: string; result?: CommandResult };

export async function executeCommand(engine: PolicyEngine, command: Command, options: ExecuteCommandOptions): Promise<ExecutedCommand> {
  const { store, clock } = options;
  const dryRun = (command.kind === 'failover' || command.kind === 'failback') && command.dryRun === true;
  const loop = dryRun ? undefined : await liveLoop(store, engine.policy.metadata.name, clock.now());
  if (!loop) {
    const report = await engine.runCycle({ command, ...(options.signal ? { signal: options.signal } : {}) });
    if (!report.commandResult) throw new Error('the engine returned no result for the command');
    return { via: 'here', result: report.commandResult, ...(report.conflict ? { conflict: true } : {}) };
  }
  const queued = await engine.queue.submit(command, clock.now());
  const deadline = clock.now() + options.waitMs;
  let result: CommandResult | undefined;
  for (;;) {
    result = await engine.queue.resultOf(queued.id);
    // `started` is an intermediate answer: keep waiting for the operation's end while there is time.
    if ((result && result.status !== 'started') || clock.now() >= deadline) break;
    await clock.sleep(options.pollMs ?? 1_000, options.signal);
  }
  return { via: 'loop', commandId: queued.id, ...(result ? { result } : {}) };
}
