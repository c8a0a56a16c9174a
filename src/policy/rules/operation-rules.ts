// Rules about failover behaviour, drills and notifications: guard rails against flapping, restores
// with nothing to restore, objectives the timing cannot meet, live drills nobody opted into.
import { computeTiming, formatDuration } from '../timing.js';
import { finding, laterDuplicates, type RuleFinding, type SpecRule } from './finding.js';

export const checkFailover: SpecRule = ({ failover, recovery, health }) => {
  if (!failover) return [];
  const findings: RuleFinding[] = [];
  if (failover.failback === 'automatic') {
    findings.push(finding('semantic.automatic-failback', ['failover', 'failback'], 'automatic failback moves traffic back as soon as the primary looks healthy; a half-recovered region can take it down again', { hint: 'prefer `manual` and a person running `aksdr failback`' }));
  }
  if (failover.order === 'restoreFirst' && !recovery) {
    const automatic = failover.mode === 'automatic' ? ' — and in automatic mode traffic would move to an empty cold standby' : '';
    findings.push(finding('semantic.restore-first-without-recovery', ['failover', 'order'], `order restoreFirst, but spec.recovery is not set, so nothing is restored${automatic}`, { hint: 'add spec.recovery.velero, or use order shiftFirst for a warm standby' }));
  }
  if (failover.matchReplicas === true && health && !health.workloads) {
    findings.push(finding('semantic.match-replicas-workloads', ['failover', 'matchReplicas'], 'matchReplicas scales the protected workloads, but health.workloads names none', { hint: 'add `workloads: { namespace: shop, deployments: [frontend] }` under health, or remove matchReplicas' }));
  }
  if (failover.mode === 'automatic' && failover.minDwellMinutes === 0) {
    findings.push(finding('semantic.no-dwell', ['failover', 'minDwellMinutes'], 'automatic mode without a dwell time can fail over again right after a failover', { hint: 'keep at least a few minutes; the default is 30' }));
  }
  return findings;
};

export const checkRto: SpecRule = (spec) => {
  const { objectives, health, trafficManager, readiness, failover, recovery } = spec;
  const rtoMinutes = objectives?.rtoMinutes;
  if (rtoMinutes === undefined || !health || !trafficManager || !readiness || !failover) return [];
  const timing = computeTiming({ health, trafficManager, readiness, failover, recovery });
  const worst = timing.worstCaseUsersMovedSeconds ?? timing.worstCaseMitigationSeconds;
  if (worst <= rtoMinutes * 60) return [];
  const parts = [
    `detection ${formatDuration(timing.detectionHangMaxSeconds)}`,
    timing.capacityBudgetSeconds > 0 ? `scale-up ${formatDuration(timing.capacityBudgetSeconds)}` : '',
    timing.restoreBeforeShiftSeconds > 0 ? `restore ${formatDuration(timing.restoreBeforeShiftSeconds)}` : '',
    timing.shiftSeconds > 0 ? `shift ${formatDuration(timing.shiftSeconds)}` : '',
    timing.dnsTtlSeconds ? `DNS TTL ${formatDuration(timing.dnsTtlSeconds)}` : '',
  ].filter((part) => part !== '');
  return [
    finding('semantic.rto-unreachable', ['objectives', 'rtoMinutes'], `the worst case before ${timing.worstCaseUsersMovedSeconds === undefined ? 'traffic has' : 'the users have'} moved is ${formatDuration(worst)} (${parts.join(' + ')}), above the RTO of ${rtoMinutes} min`, { hint: 'shorten the budgets or raise the RTO; see `aksdr policy explain`' }),
  ];
};

export const checkDrills: SpecRule = ({ drills }) => {
  if (!drills?.schedule || drills.mode !== 'live' || drills.allowLive) return [];
  return [finding('semantic.live-drill-not-allowed', ['drills', 'mode'], 'a scheduled live drill really moves production traffic; it must be opted into', { hint: 'set `allowLive: true` if this is intended, or use `mode: dry-run`' })];
};

export const checkNotifications: SpecRule = ({ notifications }) => {
  if (!notifications) return [];
  const findings: RuleFinding[] = [];
  const { webhooks } = notifications;
  for (const { index, first } of laterDuplicates(webhooks, (webhook) => webhook.name)) {
    findings.push(finding('semantic.duplicate-webhook', ['notifications', 'webhooks', index, 'name'], `webhook name is already used by webhooks[${first}]`));
  }
  webhooks.forEach((webhook, index) => {
    if (!webhook.secretEnv) {
      findings.push(finding('semantic.webhook-unsigned', ['notifications', 'webhooks', index], `webhook ${webhook.name} has no secretEnv; receivers cannot tell our events from forged ones`, { hint: 'set `secretEnv: AKSDR_WEBHOOK_SECRET` and share the secret with the receiver' }));
    }
  });
  return findings;
};
