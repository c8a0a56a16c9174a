// Rules about the set of regions: one primary, enough regions, no two sharing a name, endpoint or
// cluster, names that are real Azure regions, resource ids in the declared subscription.
import { knownAzureRegions } from '../azure-regions.js';
import { didYouMean } from '../did-you-mean.js';
import { parseResourceId } from '../resource-id.js';
import { finding, laterDuplicates, type RuleFinding, type SpecRule } from './finding.js';

export const checkRegions: SpecRule = ({ regions }) => {
  if (!regions) return [];
  const findings: RuleFinding[] = [];
  const primaries = regions.flatMap((region, index) => (region.role === 'primary' ? [index] : []));
  if (primaries.length === 0) {
    findings.push(finding('semantic.one-primary', ['regions'], 'no region has role `primary`', { hint: 'mark the region that serves traffic in normal operation as `role: primary`' }));
  }
  for (const index of primaries.slice(1)) {
    const first = regions[primaries[0] ?? 0]?.name ?? '';
    findings.push(finding('semantic.one-primary', ['regions', index, 'role'], `more than one primary: ${first} is already the primary`, { hint: 'make this region `role: secondary`' }));
  }
  if (regions.length < 2) {
    findings.push(finding('semantic.min-regions', ['regions'], `only ${regions.length} region; a failover needs at least two`, { hint: 'add the secondary region' }));
  }
  const duplicateChecks = [
    { rule: 'semantic.unique-region-name', field: 'name', key: (r: (typeof regions)[number]) => r.name, what: 'region name' },
    { rule: 'semantic.unique-endpoint', field: 'endpoint', key: (r: (typeof regions)[number]) => r.endpoint, what: 'Traffic Manager endpoint' },
    { rule: 'semantic.unique-cluster', field: 'cluster', key: (r: (typeof regions)[number]) => r.cluster.toLowerCase(), what: 'AKS cluster' },
  ] as const;
  for (const check of duplicateChecks) {
    for (const { index, first } of laterDuplicates(regions, check.key)) {
      findings.push(finding(check.rule, ['regions', index, check.field], `${check.what} is already used by regions[${first}]`));
    }
  }
  regions.forEach((region, index) => {
    if (!knownAzureRegions.includes(region.name)) {
      findings.push(finding('semantic.unknown-azure-region', ['regions', index, 'name'], `"${region.name}" is not a known Azure region`, { hint: didYouMean(region.name, knownAzureRegions) }));
    }
    if (region.credentials === 'admin') {
      findings.push(finding('semantic.admin-credentials', ['regions', index, 'credentials'], 'admin credentials bypass Entra ID RBAC and do not work on clusters with local accounts disabled', { hint: 'prefer `user` credentials with an RBAC role for aksdr' }));
    }
    const status = region.app?.expectStatus;
    if (status && status[0] > status[1]) {
      findings.push(finding('semantic.app-status-range', ['regions', index, 'app', 'expectStatus'], `expectStatus [${status[0]}, ${status[1]}] is empty: min is above max`));
    }
  });
  return findings;
};

export const checkSubscriptions: SpecRule = ({ subscriptionId, regions, trafficManager, readiness }) => {
  if (!subscriptionId) return [];
  const ids: { path: (string | number)[]; id: string }[] = [
    ...(regions ?? []).map((region, index) => ({ path: ['regions', index, 'cluster'], id: region.cluster })),
    ...(trafficManager ? [{ path: ['trafficManager', 'profile'], id: trafficManager.profile }] : []),
    ...(readiness?.acr ? [{ path: ['readiness', 'acr', 'registry'], id: readiness.acr.registry }] : []),
  ];
  return ids.flatMap(({ path, id }) => {
    const parsed = parseResourceId(id);
    if (!parsed || parsed.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()) return [];
    return [finding('semantic.subscription-mismatch', path, `resource is in subscription ${parsed.subscriptionId}, not spec.subscriptionId ${subscriptionId}`, { hint: 'cross-subscription setups work, but check this is intended' })];
  });
};

export const checkAppUrls: SpecRule = ({ regions, health }) => {
  if (!regions || !health?.signals.includes('app')) return [];
  return regions.flatMap((region, index) =>
    region.app
      ? []
      : [finding('semantic.app-url-required', ['regions', index], `the \`app\` signal is enabled but region ${region.name} has no app.url`, { hint: 'add `app: { url: https://… }` to the region, or remove `app` from health.signals' })],
  );
};
