// A live drill's moves, through the same path as `aksdr failover` / `aksdr failback`
// (executeCommand → PolicyEngine.runCycle → decide → executor with its journal), each carrying the
// drill's id so the failover does not count for dwell or the failover cap.
import type { Command, RuleName } from '../core/index.js';
import type { CommandResult } from '../engine/command-result.js';
import { executeCommand } from '../engine/execute-command.js';
import type { PolicyEngine } from '../engine/engine.js';
import type { DrillDependencies } from './drill-context.js';
import { StepFailure } from './step-recorder.js';

/**
 * What a drill's failback must force: the primary never failed, so the hold-down (which protects a
 * region that just recovered) does not apply to it. Every other rule still stands.
 */
export const drillFailbackForce: readonly RuleName[] = ['failback-hold-down'];

export function drillCommand(kind: 'failover' | 'failback', options: { to: string; by: string; drillId: string; force?: readonly RuleName[] }): Command {
  const force = options.force && options.force.length > 0 ? { force: { rules: [...options.force], by: options.by, reason: `DR drill ${options.drillId}` } } : {};
  return kind === 'failover' ? { kind, to: options.to, by: options.by, drill: options.drillId, ...force } : { kind, by: options.by, drill: options.drillId, ...force };
}

/** Runs a move and returns its result; a refusal, a failure or no answer is a StepFailure with the evidence. */
export async function move(engine: PolicyEngine, deps: DrillDependencies, command: Command, signal?: AbortSignal): Promise<CommandResult> {
  const executed = await executeCommand(engine, command, { store: deps.store, clock: deps.clock, waitMs: deps.commandWaitMs ?? 600_000, ...(signal ? { signal } : {}) });
  const result = executed.result;
  const what = command.kind;
  if (!result) throw new StepFailure(`the ${what} was queued for the loop running in another process, which did not answer in time`, { via: executed.via });
  if (executed.via === 'here' && executed.conflict) throw new StepFailure(`another writer changed the engine state during the ${what}; nothing was done`, { state: result.state });
  const evidence = { status: result.status, state: result.state, ...(result.operationId ? { operationId: result.operationId } : {}), ...(result.outcome ? { outcome: result.outcome } : {}), reasons: result.reasons.map((r) => r.message) };
  if (result.hold) throw new StepFailure(`${what} refused by ${result.hold.rules.join(', ')}: ${result.hold.violations.map((v) => v.message).join('; ')}`, { ...evidence, violations: result.hold.violations }, result.hold.rules);
  if (result.status === 'failed') throw new StepFailure(`${what} ${result.operationId ?? ''} failed: ${result.outcome?.reason ?? 'see aksdr history'}`, evidence);
  if (result.status !== 'completed') throw new StepFailure(`${what} did not complete (${result.status}): ${result.reasons.map((r) => r.message).join('; ')}`, evidence);
  return result;
}
