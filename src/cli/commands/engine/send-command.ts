// One way for a CLI command to hand a person's command to the engine and report what became of it:
// run here when no loop runs the policy; otherwise queue it for the running loop (saying so, with
// the loop's pid and the command's expiry) and wait. A command nobody took is withdrawn — a loop
// started later never carries out what its sender abandoned — and that is not a success (exit 1).
import { InvalidArgumentError } from 'commander';
import type { Command as EngineCommand } from '../../../core/index.js';
import { executeCommand } from '../../../engine/execute-command.js';
import type { PolicyEngine } from '../../../engine/engine.js';
import { ExitCode, ExitError } from '../../exit-error.js';
import { finish, printResult } from './command-output.js';
import type { EngineCommandIo, EngineOutput, OpenEngines } from './engine-setup.js';

export interface SendOptions {
  /** The policy file as the person wrote it, for the commands we suggest. */
  path: string;
  waitInSeconds: number;
  output: EngineOutput;
}

/** `--wait <seconds>`: a whole number of seconds, at least 1. */
export function parseWaitSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(seconds) || seconds < 1) throw new InvalidArgumentError('expected a whole number of seconds, at least 1 (e.g. --wait 120)');
  return seconds;
}

export const defaultWaitInSeconds = 120;

export async function sendCommand(io: EngineCommandIo, open: OpenEngines, engine: PolicyEngine, command: EngineCommand, options: SendOptions): Promise<void> {
  const name = engine.policy.metadata.name;
  const executed = await executeCommand(engine, command, {
    store: open.store,
    clock: open.runtime.clock,
    waitMs: options.waitInSeconds * 1000,
    onQueued: (id, loop, expiresAt) =>
      io.stderr(`${name}: a loop runs this policy (pid ${loop.pid} on ${loop.host}); queued ${command.kind} as ${id} — it expires at ${new Date(expiresAt).toISOString()} unless the loop takes it\n`),
  });
  if (executed.via === 'here' && executed.conflict) throw new ExitError(`another writer changed the state of ${name} meanwhile; nothing was done. Look with: aksdr plan ${options.path}`, ExitCode.failed);
  if (!executed.result) {
    const why = executed.via === 'loop' ? (executed.withdrawn ?? 'no answer') : 'no answer';
    if (options.output === 'json') io.stdout(`${JSON.stringify({ policy: name, status: 'withdrawn', command, reason: why, exitCode: ExitCode.failed }, null, 2)}\n`);
    else io.stdout(`${name}: not carried out — ${why}; the command was withdrawn, nothing changed.\nlook with: aksdr plan ${options.path}, then run it again\n`);
    throw new ExitError('withdrawn', ExitCode.failed, { silent: true });
  }
  printResult(io, name, executed.result, options.output, options.path);
  finish(executed.result);
}
