// `policy explain`: what a policy will do, in words and numbers — detection time, readiness gates,
// how traffic moves, guard rails and failback — so reviewers check intent, not just syntax.
import type { FailoverPolicy, PolicySpec } from './schema.js';
import { computeTiming, formatDuration, scalesUpAfterShift, type PolicyTiming } from './timing.js';

export interface PolicyExplanation {
  name: string;
  timing: PolicyTiming;
  /** One sentence per line, in the order things happen during an outage. */
  summary: string[];
}

function primaryAndTargets(spec: PolicySpec): { primary: string; targets: string[] } {
  const primary = spec.regions.find((region) => region.role === 'primary')?.name ?? spec.regions[0]?.name ?? 'the primary';
  const others = spec.regions.filter((region) => region.name !== primary).map((region) => region.name);
  const priorities = spec.trafficManager.steadyPriorities;
  if (spec.trafficManager.routing === 'priority' && priorities) {
    others.sort((a, b) => (priorities[a] ?? 1001) - (priorities[b] ?? 1001));
    return { primary, targets: others.slice(0, 1) };
  }
  return { primary, targets: others };
}

function detection(spec: PolicySpec, timing: PolicyTiming, primary: string): string {
  const { health } = spec;
  const how = health.window
    ? `${health.window.failures} failed evaluations within the last ${health.window.size}`
    : `${health.unhealthyAfter} consecutive failed evaluations`;
  return `A hard outage of ${primary} is detected after ${how}, every ${health.intervalSeconds} s: ${timing.detectionMinSeconds}–${timing.detectionMaxSeconds} s (up to ${timing.detectionHangMaxSeconds} s if probes hang until their ${health.timeoutSeconds} s timeout).`;
}

function signals(spec: PolicySpec): string {
  const { health } = spec;
  const described = health.signals.map((signal) => {
    if (signal === 'nodes') return `nodes (≥ ${Math.round(health.nodes.minReadyRatio * 100)}% Ready)`;
    if (signal === 'workloads' && health.workloads) {
      return `workloads (${health.workloads.namespace}: ${health.workloads.deployments.join(', ')}; ≥ ${Math.round(health.workloads.minAvailableRatio * 100)}% available)`;
    }
    if (signal === 'app' && health.app.maxLatencyMs !== undefined) return `app (answer within ${health.app.maxLatencyMs} ms)`;
    return signal;
  });
  const vantage = {
    ignore: 'Traffic Manager\'s own endpoint monitor is ignored.',
    caution: 'When Traffic Manager\'s own endpoint monitor disagrees, automatic actions are held and an alert raised.',
    veto: 'Nothing is done against the verdict of Traffic Manager\'s own endpoint monitor.',
  }[health.trafficManagerVantage];
  return `Signals: ${described.join(', ')}. ${vantage}`;
}

function decision(spec: PolicySpec, targets: string[]): string {
  const to = targets[0] ?? '<region>';
  switch (spec.failover.mode) {
    case 'automatic':
      return 'aksdr then fails over by itself.';
    case 'approval':
      return 'aksdr then plans the failover and waits for a person to run `aksdr approve`.';
    case 'manual':
      return `aksdr then recommends a failover; a person runs \`aksdr failover <policy file> --to ${to}\`.`;
  }
}

function readiness(spec: PolicySpec): string {
  const { acr, backup, versionDrift, capacity } = spec.readiness;
  const gates = [
    acr ? `the registry replica is online there${acr.images === 'fromWorkloads' ? ' with the workloads\' images' : ` with ${acr.images.length} listed image(s)`}` : '',
    backup ? `the newest backup of ${backup.schedule} is at most ${backup.maxAgeMinutes} min old` : '',
    versionDrift ? `it runs the same image versions in ${versionDrift.namespaces.join(', ')}` : '',
    capacity ? `it has ${capacity.minNodes}+ nodes${capacity.scaleUp ? ` (scaled up if needed, within ${formatDuration(capacity.timeoutSeconds)})` : ''}` : '',
  ].filter((gate) => gate !== '');
  const checked = gates.length === 0 ? 'No readiness gate is checked before traffic moves.' : `Before traffic moves, it checks that ${gates.join('; ')}.`;
  return scalesUpAfterShift(spec) ? `${checked} Away from a region that is down, the traffic moves at once and the node pool grows right after (a dead region serves nobody); a planned move scales first.` : checked;
}

function traffic(spec: PolicySpec, primary: string, targets: string[]): string[] {
  const { trafficManager: tm, recovery, failover } = spec;
  const lines: string[] = [];
  const restore = recovery
    ? `Velero restores the newest backup of ${recovery.velero.schedule} into the target (up to ${recovery.velero.timeoutMinutes} min${recovery.velero.acceptPartiallyFailed ? ', PartiallyFailed accepted' : ''})`
    : '';
  if (restore && failover.order === 'restoreFirst') lines.push(`First ${restore}.`);
  if (tm.routing === 'priority') {
    lines.push(`Traffic moves in one step: ${targets.join(', ')} gets a higher priority than ${primary}.`);
  } else {
    const { steps, pauseSeconds } = tm.shift;
    const stepsText = steps.length === 1 ? 'in one step' : `in ${steps.length} steps (${steps.map((s) => `${s}%`).join(', ')}) with ${pauseSeconds} s pauses, ${formatDuration((steps.length - 1) * pauseSeconds)} from first to last`;
    const drained = tm.drainedWeight === undefined ? `${primary}'s endpoint is then disabled` : `${primary} keeps weight ${tm.drainedWeight} so Traffic Manager keeps probing it`;
    lines.push(`Traffic moves to ${targets.join(', ')} ${stepsText}; ${drained}.`);
  }
  if (restore && failover.order === 'shiftFirst') lines.push(`Then ${restore}.`);
  return lines;
}

function afterwards(spec: PolicySpec, timing: PolicyTiming, primary: string): string[] {
  const { failover } = spec;
  const guard = `No further failover for ${failover.minDwellMinutes} min; at most ${failover.maxFailovers.count} failover(s) in ${failover.maxFailovers.windowHours} h.`;
  const healthy = `once ${primary} has passed ${spec.health.healthyAfter} evaluations in a row (${formatDuration(timing.recoverySeconds)}) and stayed healthy for the ${failover.failbackHoldDownMinutes}-min hold-down`;
  const failback = failover.failback === 'manual'
    ? `Failback is manual: ${healthy}, aksdr recommends it; run \`aksdr failback <policy file>\`.`
    : `Failback is automatic: ${healthy}, aksdr moves traffic back by itself.`;
  return [guard, failback];
}

function objectives(spec: PolicySpec, timing: PolicyTiming): string[] {
  const human = spec.failover.mode === 'automatic' ? '' : ', plus the time a person takes to decide';
  const lines = [`Worst case from outage to traffic moved: ${formatDuration(timing.worstCaseMitigationSeconds)}${human}.`];
  const usersMoved = timing.worstCaseUsersMovedSeconds;
  lines.push(
    usersMoved === undefined
      ? "Users follow one DNS TTL of the profile later (not stated in the policy: set trafficManager.dnsTtlSeconds to count it)."
      : `Users follow within the profile's DNS TTL (${formatDuration(timing.dnsTtlSeconds ?? 0)}) after that: all moved at worst ${formatDuration(usersMoved)}${human}.`,
  );
  const { rtoMinutes, rpoMinutes } = spec.objectives;
  const restored = usersMoved ?? timing.worstCaseMitigationSeconds;
  if (rtoMinutes !== undefined) lines.push(`RTO ${rtoMinutes} min: ${restored <= rtoMinutes * 60 ? 'met by the automated part' : 'NOT met even without human delay'}${usersMoved === undefined ? ' (DNS TTL not counted)' : ' (DNS TTL counted)'}.`);
  if (rpoMinutes !== undefined) lines.push(`RPO ${rpoMinutes} min${spec.readiness.backup ? `, enforced by the backup gate (≤ ${spec.readiness.backup.maxAgeMinutes} min)` : ', not enforced by any gate'}.`);
  if (spec.drills.schedule) lines.push(`Drills run on "${spec.drills.schedule}" (UTC) in ${spec.drills.mode} mode.`);
  return lines;
}

export function explainPolicy(policy: FailoverPolicy): PolicyExplanation {
  const { spec } = policy;
  const timing = computeTiming(spec);
  const { primary, targets } = primaryAndTargets(spec);
  return {
    name: policy.metadata.name,
    timing,
    summary: [
      detection(spec, timing, primary),
      signals(spec),
      decision(spec, targets),
      readiness(spec),
      ...traffic(spec, primary, targets),
      ...afterwards(spec, timing, primary),
      ...objectives(spec, timing),
    ],
  };
}
