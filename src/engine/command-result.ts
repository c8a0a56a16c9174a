// What became of a command, as data a CLI prints and maps to an exit code: done, failed, refused
// (with the rules and their evidence), awaiting approval, a dry run, or started (still running).
import type { Command, Decision, EngineState, Hold, OperationOutcome, Plan, Reason } from '../core/index.js';

export type CommandStatus = 'completed' | 'failed' | 'refused' | 'pending-approval' | 'dry-run' | 'started' | 'done' | 'invalid' | 'expired' | 'nothing-to-do' | 'unchanged';

export interface CommandResult {
  status: CommandStatus;
  command: Command;
  operationId?: string;
  plan?: Plan;
  hold?: Hold;
  reasons: Reason[];
  outcome?: OperationOutcome;
  /** The engine state kind afterwards. */
  state: EngineState['kind'];
}

const invalidCodes = new Set(['unknown-region', 'unknown-operation']);
/** Refusals that no safety rule made: there was simply nothing for the command to act on. */
const nothingCodes = new Set(['nothing-to-approve', 'not-held', 'operation-in-progress']);
/** The traffic already is where the command asks: nothing to do, and nothing wrong. */
const unchangedCodes = new Set(['already-home', 'already-active']);

export function commandResultOf(command: Command, previous: EngineState, decision: Decision, outcome?: OperationOutcome): CommandResult {
  const { next, plan, hold, reasons } = decision;
  const base = { command, reasons, state: next.kind, ...(plan ? { plan, operationId: plan.operationId } : {}), ...(hold ? { hold } : {}) };
  if (reasons.some((r) => invalidCodes.has(r.code))) return { ...base, status: 'invalid' };
  if ((command.kind === 'failover' || command.kind === 'failback') && command.dryRun) return { ...base, status: 'dry-run' };
  if (outcome) return { ...base, outcome, status: outcome.result === 'succeeded' ? 'completed' : 'failed' };
  if ((next.kind === 'FailingOver' || next.kind === 'FailingBack') && previous.kind !== next.kind) return { ...base, status: 'started' };
  if (next.kind === 'FailoverPending' && (previous.kind !== 'FailoverPending' || previous.operationId !== next.operationId)) return { ...base, status: 'pending-approval' };
  if (command.kind === 'resume' && next.kind !== previous.kind) return { ...base, status: 'done' };
  if (!hold && reasons.some((r) => unchangedCodes.has(r.code))) return { ...base, status: 'unchanged' };
  if (!hold && reasons.some((r) => nothingCodes.has(r.code))) return { ...base, status: 'nothing-to-do' };
  return { ...base, status: 'refused' };
}

/** A queued command a loop dropped: its sender withdrew it, or it expired before it was taken. */
export function expiredResult(command: Command, state: EngineState['kind'], why: string): CommandResult {
  return { status: 'expired', command, state, reasons: [{ code: 'command-expired', message: why }] };
}
