// Commands for a policy whose loop runs in another process: the CLI appends them to the log
// `<policy>.commands`; the loop takes them in order (its cursor is saved with the engine state, so
// each is handled once) and appends a result for each, which the CLI waits for.
import { randomUUID } from 'node:crypto';
import type { Command } from '../core/index.js';
import type { StateStore } from '../state/state-store.js';
import type { CommandResult } from './command-result.js';

export type CommandLogRecord =
  /** `expiresAt`: a loop that has not taken the command by then drops it (its sender has given up). */
  | { type: 'command'; id: string; at: number; command: Command; expiresAt?: number }
  | { type: 'result'; id: string; at: number; result: CommandResult }
  /** The sender withdrew the command (it stopped waiting): a loop must not carry it out later. */
  | { type: 'withdrawn'; id: string; at: number; why: string };

export type QueuedCommand = Extract<CommandLogRecord, { type: 'command' }>;

export function commandLogName(policy: string): string {
  return `${policy}.commands`;
}

export class CommandQueue {
  constructor(
    private readonly store: StateStore,
    private readonly policy: string,
  ) {}

  async submit(command: Command, now: number, expiresAt?: number): Promise<QueuedCommand> {
    const record: QueuedCommand = { type: 'command', id: randomUUID(), at: now, command, ...(expiresAt === undefined ? {} : { expiresAt }) };
    await this.store.append(commandLogName(this.policy), record);
    return record;
  }

  /** Commands after the first `processed` ones, oldest first. */
  async pending(processed: number): Promise<QueuedCommand[]> {
    const records = await this.store.readLog<CommandLogRecord>(commandLogName(this.policy));
    return records.filter((r): r is QueuedCommand => r.type === 'command').slice(processed);
  }

  /** Why a queued command must not run any more (withdrawn by its sender, or expired), else undefined. */
  async staleness(command: QueuedCommand, now: number): Promise<string | undefined> {
    if (command.expiresAt !== undefined && now > command.expiresAt) return `expired at ${new Date(command.expiresAt).toISOString()} before a loop took it`;
    const records = await this.store.readLog<CommandLogRecord>(commandLogName(this.policy));
    const withdrawn = records.find((r): r is Extract<CommandLogRecord, { type: 'withdrawn' }> => r.type === 'withdrawn' && r.id === command.id);
    return withdrawn ? `withdrawn by its sender: ${withdrawn.why}` : undefined;
  }

  withdraw(id: string, why: string, now: number): Promise<void> {
    return this.store.append(commandLogName(this.policy), { type: 'withdrawn', id, at: now, why } satisfies CommandLogRecord);
  }

  reply(id: string, result: CommandResult, now: number): Promise<void> {
    return this.store.append(commandLogName(this.policy), { type: 'result', id, at: now, result } satisfies CommandLogRecord);
  }

  /** The latest result for a command, if the loop has answered. */
  async resultOf(id: string): Promise<CommandResult | undefined> {
    const records = await this.store.readLog<CommandLogRecord>(commandLogName(this.policy));
    let latest: CommandResult | undefined;
    for (const r of records) if (r.type === 'result' && r.id === id) latest = r.result;
    return latest;
  }
}
