// The policy's mode, as rules: approval plans and waits, manual only recommends. They only apply
// to what the engine does on its own; a person's command or approval is the human decision.
import type { FailoverMode } from '../../../policy/schema.js';
import type { RuleContext, SafetyRule } from './rule-context.js';

/** The mode for this move: failback `manual` makes failback recommend-only whatever the mode. */
export function effectiveMode({ policy, kind }: Pick<RuleContext, 'policy' | 'kind'>): FailoverMode {
  return kind === 'failback' && policy.spec.failover.failback === 'manual' ? 'manual' : policy.spec.failover.mode;
}

export const modeApprovalRule: SafetyRule = (context) => {
  if (context.trigger !== 'automatic' || effectiveMode(context) !== 'approval') return undefined;
  return { rule: 'mode-approval', effect: 'approve', message: `mode approval: run \`aksdr approve ${context.plan.operationId}\` to proceed`, evidence: { operationId: context.plan.operationId } };
};

export const modeManualRule: SafetyRule = (context) => {
  if (context.trigger !== 'automatic' || effectiveMode(context) !== 'manual') return undefined;
  const command = context.kind === 'failover' ? `aksdr failover --to ${context.to}` : 'aksdr failback';
  return { rule: 'mode-manual', effect: 'recommend', message: `mode manual: recommended \`${command}\``, evidence: { command } };
};
