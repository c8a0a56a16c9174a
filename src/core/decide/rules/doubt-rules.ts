// Safety rules from doubt (see ../../doubt.ts): all regions down, Traffic Manager disagreeing.
import type { FailoverPolicy } from '../../../policy/schema.js';
import { allRegionsDown, vantageDisagrees } from '../../doubt.js';
import type { HealthState } from '../../health/health-state.js';
import type { Violation } from '../decision.js';
import type { SafetyRule } from './rule-context.js';

/** Also checked on its own, with no move in view: doubt holds the engine even when nothing is proposed. */
export function allRegionsDownViolation(policy: FailoverPolicy, health: HealthState): Violation | undefined {
  const doubt = allRegionsDown(policy, health);
  if (!doubt) return undefined;
  const list = Object.entries(doubt.statuses).map(([region, status]) => `${region} ${status}`).join(', ');
  return { rule: 'all-regions-down', effect: 'block', message: `every region looks down at once (${list}); suspecting our own network or checks`, evidence: { statuses: doubt.statuses } };
}

export const allRegionsDownRule: SafetyRule = ({ policy, health }) => allRegionsDownViolation(policy, health);

/** Only automatic failovers: a person's command or approval is the second opinion caution asks for. */
export const vantageDisagreesRule: SafetyRule = ({ policy, health, trigger, kind, from }) => {
  if (trigger !== 'automatic' || kind !== 'failover') return undefined;
  const doubt = vantageDisagrees(policy, health, from);
  if (!doubt) return undefined;
  return {
    rule: 'vantage-disagrees',
    effect: doubt.stance === 'veto' ? 'block' : 'approve',
    region: from,
    message: `our probes call ${from} ${doubt.ours}, but Traffic Manager sees it Online (${doubt.trafficManager}); stance ${doubt.stance}`,
    evidence: { stance: doubt.stance, ours: doubt.ours, trafficManager: doubt.trafficManager },
  };
};
