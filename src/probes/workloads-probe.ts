// `workloads`: each named deployment of `health.workloads` has at least `minAvailableRatio` of its
// desired replicas available; a deployment that does not exist fails. One list of the namespace.
import type { DeploymentInfo } from '../core/ports/kubernetes-port.js';
import type { HealthSpec } from '../policy/index.js';
import { percent } from './nodes-probe.js';
import type { ProbeVerdict, SignalProbe } from './signal-probe.js';

type WorkloadsSpec = NonNullable<HealthSpec['workloads']>;

export function judgeWorkloads(deployments: readonly DeploymentInfo[], spec: WorkloadsSpec): ProbeVerdict {
  const byName = new Map(deployments.map((d) => [d.name, d]));
  const problems: string[] = [];
  const states: Record<string, string> = {};
  for (const name of spec.deployments) {
    const deployment = byName.get(name);
    if (!deployment) {
      problems.push(`${name} missing`);
      states[name] = 'missing';
      continue;
    }
    const state = `${deployment.available}/${deployment.replicas} available`;
    states[name] = state;
    if (deployment.replicas === 0) problems.push(`${name} scaled to 0`);
    else if (deployment.available / deployment.replicas < spec.minAvailableRatio) problems.push(`${name} ${state}`);
  }
  const detail = { namespace: spec.namespace, deployments: states, minAvailableRatio: spec.minAvailableRatio };
  if (problems.length === 0) {
    return { ok: true, reason: `${spec.deployments.length}/${spec.deployments.length} deployments available in ${spec.namespace}`, detail };
  }
  return { ok: false, reason: `${problems.join(', ')} in ${spec.namespace} (need ${percent(spec.minAvailableRatio)})`, detail };
}

export const workloadsProbe: SignalProbe<DeploymentInfo[]> = {
  signal: 'workloads',
  source: 'kubernetes',
  unavailable: ({ policy }) => (policy.spec.health.workloads ? undefined : 'health.workloads is not set in the policy'),
  key: ({ region, policy }) => {
    const spec = policy.spec.health.workloads;
    return `kube:${region.cluster.toLowerCase()}:deployments:${spec?.namespace ?? ''}:${[...(spec?.deployments ?? [])].sort().join(',')}`;
  },
  fetch: ({ region, ports, policy }, options) => {
    const spec = policy.spec.health.workloads;
    return ports.clusters.kubernetes(region.cluster).getDeployments(spec?.namespace ?? '', spec?.deployments ?? [], options);
  },
  judge: (deployments, { policy }) => {
    const spec = policy.spec.health.workloads;
    return spec ? judgeWorkloads(deployments, spec) : { ok: false, reason: 'health.workloads is not set in the policy' };
  },
};
