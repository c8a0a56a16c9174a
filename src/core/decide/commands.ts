// What a person's command does, per state: failover/failback (checked by every rule, forced rules
// overridden and recorded), approve (the awaited plan, re-checked now), resume (release a hold).
import { assertNever } from '../assert-never.js';
import type { RegionName } from '../observation.js';
import type { Command } from './command.js';
import { decision, holdOf, reason, restingState, type DecideInput } from './decide-context.js';
import type { Decision } from './decision.js';
import { baseOf, primaryOf } from './engine-state.js';
import { assessMove, startOperation } from './move.js';
import type { Force } from './rules/evaluate-rules.js';

function refuse(input: DecideInput, code: string, message: string): Decision {
  return decision(input.state, { reasons: [reason(code, message)] });
}

function moveCommand(input: DecideInput, kind: 'failover' | 'failback', to: RegionName, by: string, force: Force | undefined, dryRun: boolean, drill: string | undefined): Decision {
  const { state, policy } = input;
  if (!dryRun && (state.kind === 'FailingOver' || state.kind === 'FailingBack')) return refuse(input, 'operation-in-progress', `${state.operationId} is in progress`);
  if (!policy.spec.regions.some((region) => region.name === to)) return refuse(input, 'unknown-region', `${to} is not a region of ${policy.metadata.name}`);
  if (to === state.active) return refuse(input, kind === 'failback' ? 'already-home' : 'already-active', `${to} already takes the traffic`);
  const why = reason(`${kind}-requested`, `${kind} to ${to} requested by ${by}${force ? ` (forcing ${force.rules.join(', ')}: ${force.reason})` : ''}`, { region: to });
  const assessment = assessMove(input, { kind, from: state.active, to, trigger: 'command', reasons: [why], ...(force ? { force } : {}), ...(drill === undefined ? {} : { drill }) });
  const { plan, blocking, overrides, refused } = assessment;
  const refusedForce = refused.map((rule) => reason('force-refused', `${rule} cannot be overridden`, { evidence: { rule } }));
  if (dryRun) {
    const wouldOverride = overrides.map((override) => override.rule);
    return decision(state, { plan, ...(blocking.length > 0 ? { hold: holdOf(blocking) } : {}), reasons: [why, ...refusedForce, reason('dry-run', 'dry run: nothing changed', { evidence: { wouldOverride, wouldStart: blocking.length === 0 } })] });
  }
  if (blocking.length > 0) {
    const message = `${kind} to ${to} refused: ${blocking.map((violation) => `${violation.rule}: ${violation.message}`).join('; ')}`;
    return decision(state, { plan, hold: holdOf(blocking), reasons: [why, ...refusedForce, reason('command-refused', message, { region: to })], alerts: [{ severity: 'warning', event: 'failover.held', region: to, message }] });
  }
  const replaced = state.kind === 'FailoverPending' ? [reason('pending-replaced', `${state.operationId} replaced by ${plan.operationId}`)] : [];
  return startOperation(input, plan, { overrides, reasons: [why, ...replaced] });
}

function approve(input: DecideInput, operationId: string, by: string): Decision {
  const { state } = input;
  if (state.kind !== 'FailoverPending') return refuse(input, 'nothing-to-approve', `no plan awaits approval (state ${state.kind})`);
  if (state.operationId !== operationId) return refuse(input, 'unknown-operation', `the plan awaiting approval is ${state.operationId}, not ${operationId}`);
  const { plan } = state;
  const assessment = assessMove(input, { kind: plan.kind, from: plan.from, to: plan.to, trigger: 'approval', reasons: plan.reasons, plan });
  if (assessment.blocking.length > 0) {
    const message = `approval of ${operationId} refused now: ${assessment.blocking.map((violation) => `${violation.rule}: ${violation.message}`).join('; ')}`;
    return decision(state, { plan, hold: holdOf(assessment.blocking), reasons: [reason('approval-refused', message)] });
  }
  return startOperation(input, plan, { reasons: [reason('approved', `${operationId} approved by ${by}`)] });
}

function resume(input: DecideInput, by: string, why: string): Decision {
  const { state, policy } = input;
  if (state.kind !== 'Held') return refuse(input, 'not-held', `nothing to resume (state ${state.kind})`);
  return decision(restingState(policy, baseOf(state)), { reasons: [reason('resumed', `resumed by ${by}: ${why}`)] });
}

export function handleCommand(input: DecideInput, command: Command): Decision {
  switch (command.kind) {
    case 'failover':
      // A move to the primary is a failback, whatever it is called: its rules, its endpoints, no restore there.
      return moveCommand(input, command.to === primaryOf(input.policy) ? 'failback' : 'failover', command.to, command.by, command.force, command.dryRun ?? false, command.drill);
    case 'failback':
      return moveCommand(input, 'failback', primaryOf(input.policy), command.by, command.force, command.dryRun ?? false, command.drill);
    case 'approve':
      return approve(input, command.operationId, command.by);
    case 'resume':
      return resume(input, command.by, command.reason);
    default:
      return assertNever(command, 'command');
  }
}
