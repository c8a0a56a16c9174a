// Rules about Traffic Manager: steady weights or priorities that name real regions and route traffic
// to the primary, and a shift plan that ends with all traffic moved.
import { didYouMean } from '../did-you-mean.js';
import { finding, type RuleFinding, type SpecRule } from './finding.js';

export const checkRouting: SpecRule = ({ trafficManager, regions }) => {
  if (!trafficManager) return [];
  const findings: RuleFinding[] = [];
  const { routing, steadyWeights, steadyPriorities, drainedWeight } = trafficManager;
  const names = regions?.map((region) => region.name);
  const primary = regions?.find((region) => region.role === 'primary');
  const table = routing === 'weighted' ? steadyWeights : steadyPriorities;
  const field = routing === 'weighted' ? 'steadyWeights' : 'steadyPriorities';

  if (routing === 'weighted' && !steadyWeights) {
    findings.push(finding('semantic.weights-required', ['trafficManager'], 'weighted routing needs `steadyWeights`: the weight of each region in normal operation', { hint: 'e.g. `steadyWeights: { westeurope: 1000, northeurope: 1 }`' }));
  }
  if (routing === 'priority' && !steadyPriorities) {
    findings.push(finding('semantic.priorities-required', ['trafficManager'], 'priority routing needs `steadyPriorities`: the priority of each region (1 wins)', { hint: 'e.g. `steadyPriorities: { westeurope: 1, northeurope: 2 }`' }));
  }
  if (routing === 'weighted' && steadyPriorities) {
    findings.push(finding('semantic.unused-routing-settings', ['trafficManager', 'steadyPriorities'], 'steadyPriorities is ignored with weighted routing', { target: 'key' }));
  }
  if (routing === 'priority' && steadyWeights) {
    findings.push(finding('semantic.unused-routing-settings', ['trafficManager', 'steadyWeights'], 'steadyWeights is ignored with priority routing', { target: 'key' }));
  }
  if (routing === 'priority' && drainedWeight !== undefined) {
    findings.push(finding('semantic.drained-weight-priority', ['trafficManager', 'drainedWeight'], 'drainedWeight only applies to weighted routing', { target: 'key' }));
  }
  if (routing === 'priority' && trafficManager.shift.steps.length > 1) {
    findings.push(finding('semantic.priority-shift-steps', ['trafficManager', 'shift', 'steps'], 'priority routing sends all traffic to one endpoint; traffic moves in one step whatever the steps say', { hint: 'use `steps: [100]`, or weighted routing for a gradual shift' }));
  }
  if (table && names) {
    for (const key of Object.keys(table)) {
      if (!names.includes(key)) {
        findings.push(finding('semantic.unknown-region-key', ['trafficManager', field, key], `"${key}" is not one of the regions (${names.join(', ')})`, { hint: didYouMean(key, names), target: 'key' }));
      }
    }
  }
  if (routing === 'weighted' && steadyWeights && primary && steadyWeights[primary.name] === undefined) {
    findings.push(finding('semantic.primary-weight', ['trafficManager', 'steadyWeights'], `the primary ${primary.name} has no steady weight, so it would get no traffic`, { hint: `add \`${primary.name}: 1000\`` }));
  }
  if (routing === 'priority' && steadyPriorities && regions) {
    findings.push(...checkPriorities(steadyPriorities, regions.map((r) => r.name), primary?.name));
  }
  return findings;
};

function checkPriorities(priorities: Record<string, number>, names: string[], primary: string | undefined): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const path = ['trafficManager', 'steadyPriorities'];
  for (const name of names) {
    if (priorities[name] === undefined) findings.push(finding('semantic.priorities-complete', path, `region ${name} has no steady priority`, { hint: 'every endpoint of a priority profile needs a priority' }));
  }
  const byValue = new Map<number, string>();
  for (const [name, value] of Object.entries(priorities)) {
    const other = byValue.get(value);
    if (other !== undefined) findings.push(finding('semantic.unique-priority', [...path, name], `priority ${value} is already used by ${other}; Traffic Manager requires unique priorities`));
    else byValue.set(value, name);
  }
  const primaryValue = primary === undefined ? undefined : priorities[primary];
  const best = Math.min(...Object.values(priorities));
  if (primary !== undefined && primaryValue !== undefined && primaryValue > best) {
    findings.push(finding('semantic.primary-priority', [...path, primary], `the primary ${primary} has priority ${primaryValue}, but ${byValue.get(best) ?? ''} has ${best}: traffic would go there in normal operation`, { hint: 'give the primary the lowest number (1 is the highest priority)' }));
  }
  return findings;
}

export const checkShiftSteps: SpecRule = ({ trafficManager }) => {
  if (!trafficManager) return [];
  const { steps } = trafficManager.shift;
  const findings: RuleFinding[] = [];
  steps.forEach((step, index) => {
    const previous = steps[index - 1];
    if (previous !== undefined && step <= previous) {
      findings.push(finding('semantic.shift-steps-order', ['trafficManager', 'shift', 'steps', index], `step ${step}% does not increase on the step before (${previous}%)`, { hint: 'steps are cumulative percentages, e.g. [25, 50, 100]' }));
    }
  });
  const last = steps.at(-1);
  if (last !== undefined && last !== 100) {
    findings.push(finding('semantic.shift-steps-end', ['trafficManager', 'shift', 'steps', steps.length - 1], `the last step is ${last}%; it must be 100 so that all traffic leaves the failed region`, { hint: `append 100: [${[...steps, 100].join(', ')}]` }));
  }
  return findings;
};
