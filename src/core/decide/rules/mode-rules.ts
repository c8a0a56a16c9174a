// The policy's mode, as rules: approval plans and waits, manual only recommends. They only apply
// to what the engine does on its own; a person's command or approval is the human decision.
import type { FailoverMode } from '../../../policy/schema.js';
import { isEscape, type RuleContext, type SafetyRule } from './rule-context.js';

/**
 * The mode for this move: failback `manual` makes failback recommend-only whatever the mode — except
 * an escape to the primary from a dead secondary, which is a failover in all but name.
 */
export function effectiveMode(context: Pick<RuleContext, 'policy' | 'kind' | 'health' | 'from'>): FailoverMode {
  const { policy, kind } = context;
  return kind === 'failback' && policy.spec.failover.failback === 'manual' && !isEscape(context) ? 'manual' : policy.spec.failover.mode;
}

export const modeApprovalRule: SafetyRule = (context) => {
  if (context.trigger !== 'automatic' || effectiveMode(context) !== 'approval') return undefined;
  return { rule: 'mode-approval', effect: 'approve', message: `mode approval: run \`aksdr approve <policy file> ${context.plan.operationId}\` to proceed`, evidence: { operationId: context.plan.operationId } };
};

export const modeManualRule: SafetyRule = (context) => {
  if (context.trigger !== 'automatic' || effectiveMode(context) !== 'manual') return undefined;
  const command = context.kind === 'failover' ? `aksdr failover <policy file> --to ${context.to}` : 'aksdr failback <policy file>';
  return { rule: 'mode-manual', effect: 'recommend', message: `mode manual: recommended \`${command}\``, evidence: { command } };
};
