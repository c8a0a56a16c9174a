// Safety rules about where traffic goes: a Healthy, ready target, and never nothing serving.
import { endpointSettingsOf } from '../../plan/build-plan.js';
import { describeEndpoints } from '../../plan/describe-plan.js';
import { hasServingEndpoint } from '../../plan/endpoints.js';
import { blockingResults, type ReadinessCheckName } from '../../readiness.js';
import type { SafetyRule } from './rule-context.js';

export const targetHealthyRule: SafetyRule = ({ health, to }) => {
  const target = health.regions[to];
  if (target?.status === 'Healthy') return undefined;
  const failing = target?.latest?.signals.filter((signal) => !signal.ok) ?? [];
  return {
    rule: 'target-healthy',
    effect: 'block',
    region: to,
    message: `target ${to} is ${target?.status ?? 'not evaluated'}`,
    evidence: { status: target?.status ?? 'unknown', failingSignals: failing },
  };
};

export const targetReadyRule: SafetyRule = ({ policy, readiness, to }) => {
  const report = readiness[to];
  if (!report) {
    return { rule: 'target-ready', effect: 'block', region: to, message: `no readiness report for ${to}`, evidence: { report: 'missing' } };
  }
  // A pool that is too small is not a blocker when the plan scales it up and re-checks before traffic moves.
  const repairable: ReadinessCheckName[] = policy.spec.readiness.capacity?.scaleUp ? ['capacity'] : [];
  const blocking = blockingResults(report, { repairable });
  if (blocking.length === 0) return undefined;
  return {
    rule: 'target-ready',
    effect: 'block',
    region: to,
    message: `target ${to} is not ready: ${blocking.map((result) => `${result.check} ${result.status} (${result.reason})`).join('; ')}`,
    evidence: { checkedAt: report.at, blocking: blocking.map((result) => ({ ...result })) },
  };
};

export const keepOneEndpointRule: SafetyRule = ({ plan }) => {
  const empty = endpointSettingsOf(plan).find((settings) => !hasServingEndpoint(settings));
  if (!empty) return undefined;
  return { rule: 'keep-one-endpoint', effect: 'block', message: `the plan would leave no endpoint serving (${describeEndpoints(empty)})`, evidence: { endpoints: empty } };
};
