// Rules about readiness gates and objectives: the backup gate agrees with the RPO and the restore,
// capacity checks know which node pool to look at, and image checks know where images come from.
import { finding, type RuleFinding, type SpecRule } from './finding.js';

export const checkReadiness: SpecRule = ({ readiness, health, regions, failover }) => {
  if (!readiness) return [];
  const findings: RuleFinding[] = [];
  if (readiness.acr?.images === 'fromWorkloads' && health && !health.workloads) {
    findings.push(finding('semantic.acr-images-from-workloads', ['readiness', 'acr', 'images'], '`images: fromWorkloads` reads images from health.workloads, which is not set', { hint: 'add health.workloads, or list the images' }));
  }
  const capacity = readiness.capacity;
  if (capacity && !capacity.nodePool && regions) {
    regions.forEach((region, index) => {
      if (!region.nodePool) {
        findings.push(finding('semantic.capacity-node-pool', ['regions', index], `readiness.capacity needs a node pool, but neither readiness.capacity.nodePool nor this region's nodePool is set`, { hint: 'set readiness.capacity.nodePool (e.g. `user`) or regions[].nodePool' }));
      }
    });
  }
  if (!capacity && regions) {
    regions.forEach((region, index) => {
      if (region.nodePool) findings.push(finding('semantic.unused-node-pool', ['regions', index, 'nodePool'], 'nodePool is only used by readiness.capacity, which is not set', { target: 'key' }));
    });
  }
  const hasGate = Boolean(readiness.acr ?? readiness.backup ?? readiness.versionDrift ?? readiness.capacity);
  if (failover?.mode === 'automatic' && !hasGate) {
    findings.push(finding('semantic.no-readiness-gates', ['failover', 'mode'], 'automatic failover with no readiness gate: traffic would move to a standby nobody checked', { hint: 'add at least readiness.capacity or readiness.versionDrift' }));
  }
  return findings;
};

export const checkObjectives: SpecRule = ({ objectives, readiness, recovery, health }) => {
  const findings: RuleFinding[] = [];
  const rpoMinutes = objectives?.rpoMinutes;
  const backup = readiness?.backup;
  if (rpoMinutes !== undefined && backup && backup.maxAgeMinutes > rpoMinutes) {
    findings.push(finding('semantic.backup-exceeds-rpo', ['readiness', 'backup', 'maxAgeMinutes'], `a backup up to ${backup.maxAgeMinutes} min old is accepted, but the RPO is ${rpoMinutes} min`, { hint: `set maxAgeMinutes to at most ${rpoMinutes}` }));
  }
  if (rpoMinutes !== undefined && readiness && !backup) {
    findings.push(finding('semantic.rpo-unchecked', ['objectives', 'rpoMinutes'], `an RPO of ${rpoMinutes} min is declared, but no readiness.backup gate checks backup age`, { hint: 'add `readiness.backup: { schedule, maxAgeMinutes }`' }));
  }
  const velero = recovery?.velero;
  if (velero && backup && velero.schedule !== backup.schedule) {
    findings.push(finding('semantic.backup-schedule-mismatch', ['recovery', 'velero', 'schedule'], `the restore uses schedule ${velero.schedule}, but the freshness gate checks ${backup.schedule}`, { hint: 'use the same Velero schedule in both' }));
  }
  const workloadsNamespace = health?.workloads?.namespace;
  if (velero?.includedNamespaces && workloadsNamespace && !velero.includedNamespaces.includes(workloadsNamespace)) {
    findings.push(finding('semantic.restore-misses-workloads', ['recovery', 'velero', 'includedNamespaces'], `the restore does not include ${workloadsNamespace}, the namespace of the critical workloads`));
  }
  return findings;
};
