// A plan in words, one line per step: what `aksdr plan` and `--dry-run` print.
import { assertNever } from '../assert-never.js';
import type { EndpointSettings, Plan, Step } from './plan-types.js';

export function describeEndpoints(settings: EndpointSettings): string {
  return Object.entries(settings)
    .map(([region, setting]) => {
      if (setting.status === 'Disabled') return `${region} disabled`;
      if (setting.weight !== undefined) return `${region} weight ${setting.weight}`;
      return setting.priority !== undefined ? `${region} priority ${setting.priority}` : `${region} enabled`;
    })
    .join(', ');
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'scaleUp':
      return `scale node pool ${step.nodePool} in ${step.region} to at least ${step.minNodes} nodes (up to ${step.timeoutSeconds} s)`;
    case 'checkReadiness':
      return `check that ${step.region} is ready (registry, images, backup, versions, capacity, profile); stop if not`;
    case 'shiftWeights':
      return `move ${step.percent}% of the traffic: ${describeEndpoints(step.weights)}`;
    case 'pause':
      return `wait ${step.seconds} s`;
    case 'checkHealth':
      return `check that ${step.region} is still healthy; if not, revert to ${describeEndpoints(step.revertTo)} and stop`;
    case 'verifyTrafficManager':
      return `verify Traffic Manager reports ${describeEndpoints(step.expected)}`;
    case 'restore': {
      const namespaces = step.includedNamespaces ? step.includedNamespaces.join(', ') : 'all namespaces';
      const options = [step.restorePVs ? 'with volumes' : 'without volumes', `existing resources: ${step.existingResourcePolicy}`, `timeout ${step.timeoutMinutes} min`];
      return `restore ${namespaces} into ${step.region} from the newest backup of ${step.schedule} as ${step.namespace}/${step.restoreName} (${options.join(', ')})`;
    }
    case 'scaleWorkloads':
      return `scale ${step.deployments.join(', ')} in ${step.namespace} of ${step.region} up to the replicas ${step.from} last ran (never down)`;
    case 'verifyWorkloads':
      return `verify the workloads in ${step.region} are available`;
    case 'done':
      return 'done';
    default:
      return assertNever(step, 'plan step');
  }
}

export function describePlan(plan: Plan): string[] {
  const created = new Date(plan.createdAt).toISOString();
  const lines = [`${plan.kind} ${plan.operationId}: ${plan.from} → ${plan.to} (planned ${created})`];
  for (const reason of plan.reasons) lines.push(`  because ${reason.message}`);
  plan.steps.forEach((step, index) => lines.push(`  ${index + 1}. ${describeStep(step)}`));
  lines.push(`  afterwards: ${describeEndpoints(plan.finalEndpoints)}`);
  return lines;
}
