// One mistake per case, each reported with its stable rule id at the place the mistake is.
import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../src/policy/index.js';
import { applyEdits, basePolicyText, positionOf, type CorpusCase } from './corpus-support.js';

const SUB = '6f1c2d3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const weuRegion = `    - name: westeurope
      role: primary`;
const neuRegion = `    - name: northeurope
      role: secondary
      cluster: /subscriptions/${SUB}/resourceGroups/rg-neu/providers/Microsoft.ContainerService/managedClusters/aks-neu
      endpoint: neu
      app:
        url: https://neu.example.com/healthz
      nodePool: user
`;
const weights = `    routing: weighted
    steadyWeights:
      westeurope: 1000
      northeurope: 1
    shift:
      steps: [50, 100]`;
const priorities = (weu: number, neu: number): string => `    routing: priority
    steadyPriorities:
      westeurope: ${weu}
      northeurope: ${neu}
    shift:
      steps: [100]`;
const workloads = `    workloads:
      namespace: shop
      deployments: [frontend, cart]
`;

const cases: CorpusCase[] = [
  // --- YAML ---
  { name: 'a key written twice', edits: [['    timeoutSeconds: 4\n', '    timeoutSeconds: 4\n    timeoutSeconds: 3\n']], rule: 'yaml.duplicate-key', at: { text: 'timeoutSeconds: 3' } },
  { name: 'a second document in the file', edits: [['        secretEnv: AKSDR_WEBHOOK_SECRET\n', '        secretEnv: AKSDR_WEBHOOK_SECRET\n---\nkind: FailoverPolicy\n']], rule: 'yaml.multiple-documents', at: { text: '---\nkind' } },
  { name: 'a tab used for indentation', edits: [['    pauseSeconds: 30', '\tpauseSeconds: 30']], rule: 'yaml.syntax', at: { text: '\tpauseSeconds' } },
  // --- schema: keys ---
  { name: 'a misspelt health key', edits: [['intervalSeconds: 10', 'intervalSecond: 10']], rule: 'schema.unknown-key', at: { text: 'intervalSecond:' } },
  { name: 'a misspelt region key', edits: [['endpoint: weu', 'endpiont: weu']], rule: 'schema.unknown-key', at: { text: 'endpiont' } },
  { name: 'an unknown top-level key', edits: [['kind: FailoverPolicy', 'kind: FailoverPolicy\nstatus: {}']], rule: 'schema.unknown-key', at: { text: 'status' } },
  { name: 'the DESIGN sketch\'s maxPerDay instead of maxFailovers', edits: [['    minDwellMinutes: 30', '    minDwellMinutes: 30\n    maxPerDay: 2']], rule: 'schema.unknown-key', at: { text: 'maxPerDay' } },
  { name: 'a region without an endpoint', edits: [['      endpoint: neu\n', '']], rule: 'schema.required', at: { text: 'name: northeurope' } },
  { name: 'metadata without a name', edits: [['  name: corpus', '  labels: { team: shop }']], rule: 'schema.required', at: { text: 'labels' } },
  { name: 'no trafficManager section', edits: [['  trafficManager:\n    profile: ', '  trafficManagr:\n    profile: ']], rule: 'schema.required', at: { text: 'subscriptionId' } },
  // --- schema: types and values ---
  { name: 'a quoted number', edits: [['intervalSeconds: 10', 'intervalSeconds: "10"']], rule: 'schema.type', at: { text: '"10"' } },
  { name: 'a string where a list is expected', edits: [['deployments: [frontend, cart]', 'deployments: frontend']], rule: 'schema.type', at: { text: 'frontend' } },
  { name: 'a yes/no string where a boolean is expected', edits: [['      includedNamespaces: [shop]', '      includedNamespaces: [shop]\n      restorePVs: "yes"']], rule: 'schema.type', at: { text: '"yes"' } },
  { name: 'images neither fromWorkloads nor a list', edits: [['providers/Microsoft.ContainerRegistry/registries/acrshop', 'providers/Microsoft.ContainerRegistry/registries/acrshop\n      images: 3']], rule: 'schema.type', at: { text: 'images: 3', offset: 8 } },
  { name: 'a misspelt routing method', edits: [['routing: weighted', 'routing: weigthed']], rule: 'schema.enum', at: { text: 'weigthed' } },
  { name: 'an unknown region role', edits: [['role: secondary', 'role: standby']], rule: 'schema.enum', at: { text: 'standby' } },
  { name: 'an unknown apiVersion', edits: [['apiVersion: aksdr/v1alpha1', 'apiVersion: aksdr/v1']], rule: 'schema.enum', at: { text: 'aksdr/v1' } },
  { name: 'another kind', edits: [['kind: FailoverPolicy', 'kind: Policy']], rule: 'schema.enum', at: { text: 'Policy' } },
  { name: 'an unknown signal', edits: [['nodes, workloads, app]', 'nodes, workloads, http]']], rule: 'schema.enum', at: { text: 'http]' } },
  { name: 'an unknown failover mode', edits: [['mode: approval', 'mode: auto']], rule: 'schema.enum', at: { text: 'auto' } },
  { name: 'an unknown webhook event', edits: [['        secretEnv: AKSDR', '        events: [failover.done]\n        secretEnv: AKSDR']], rule: 'schema.enum', at: { text: 'failover.done' } },
  { name: 'a weight above Traffic Manager\'s 1000', edits: [['westeurope: 1000', 'westeurope: 1001']], rule: 'schema.range', at: { text: '1001' } },
  { name: 'a weight of zero', edits: [['northeurope: 1\n', 'northeurope: 0\n']], rule: 'schema.range', at: { text: 'northeurope: 0', offset: 13 } },
  { name: 'a shift step of 0 %', edits: [['steps: [50, 100]', 'steps: [0, 100]']], rule: 'schema.range', at: { text: '0, 100' } },
  { name: 'a negative dwell time', edits: [['minDwellMinutes: 30', 'minDwellMinutes: -5']], rule: 'schema.range', at: { text: '-5' } },
  { name: 'a ratio above 1', edits: [['    healthyAfter: 30\n', '    healthyAfter: 30\n    nodes: { minReadyRatio: 1.5 }\n']], rule: 'schema.range', at: { text: '1.5' } },
  { name: 'an empty deployment list', edits: [['deployments: [frontend, cart]', 'deployments: []']], rule: 'schema.length', at: { text: '[]' } },
  { name: 'an upper-case policy name', edits: [['  name: corpus', '  name: Corpus_Policy']], rule: 'schema.format', at: { text: 'Corpus_Policy' } },
  { name: 'a subscription id that is not a GUID', edits: [[`  subscriptionId: ${SUB}`, '  subscriptionId: not-a-guid']], rule: 'schema.format', at: { text: 'not-a-guid' } },
  { name: 'a webhook over plain http', edits: [['url: https://hooks.example.com/aksdr', 'url: http://hooks.example.com/aksdr']], rule: 'schema.format', at: { text: 'http://hooks' } },
  { name: 'a secret pasted into secretEnv', edits: [['secretEnv: AKSDR_WEBHOOK_SECRET', 'secretEnv: s3cr3t-Value']], rule: 'schema.format', at: { text: 's3cr3t-Value' } },
  { name: 'a display name instead of a region name', edits: [['- name: westeurope', '- name: West Europe']], rule: 'schema.format', at: { text: 'West Europe' } },
  { name: 'a URL instead of an endpoint name', edits: [['endpoint: weu', 'endpoint: https://weu.example.com']], rule: 'schema.format', at: { text: 'https://weu.example.com', nth: 0 } },
  { name: 'a cluster id with a broken subscription', edits: [[`/subscriptions/${SUB}/resourceGroups/rg-weu/`, '/subscriptions/123/resourceGroups/rg-weu/']], rule: 'schema.resource-id', at: { text: '/subscriptions/123' } },
  { name: 'a profile given by name only', edits: [[`profile: /subscriptions/${SUB}/resourceGroups/rg-global/providers/Microsoft.Network/trafficManagerProfiles/tm-shop`, 'profile: tm-shop']], rule: 'schema.resource-id', at: { text: 'tm-shop' } },
  { name: 'a virtual machine id as a cluster', edits: [['Microsoft.ContainerService/managedClusters/aks-neu', 'Microsoft.Compute/virtualMachines/vm-neu']], rule: 'schema.resource-type', at: { text: `/subscriptions/${SUB}/resourceGroups/rg-neu` } },
  { name: 'a cluster id as the registry', edits: [['providers/Microsoft.ContainerRegistry/registries/acrshop', 'providers/Microsoft.ContainerService/managedClusters/acrshop']], rule: 'schema.resource-type', at: { text: 'registry: ', offset: 10 } },
  { name: 'a 6-field cron expression', edits: [['"0 3 * * 1"', '"0 3 * * 1 *"']], rule: 'schema.cron', at: { text: '"0 3 * * 1 *"' } },
  { name: 'a cron minute out of range', edits: [['"0 3 * * 1"', '"61 3 * * 1"']], rule: 'schema.cron', at: { text: '"61 3' } },
  // --- semantic errors ---
  { name: 'two primaries', edits: [['role: secondary', 'role: primary']], rule: 'semantic.one-primary', at: { text: 'role: primary', nth: 1, offset: 6 } },
  { name: 'no primary', edits: [[weuRegion, '    - name: westeurope\n      role: secondary']], rule: 'semantic.one-primary', at: { text: '- name: westeurope' } },
  { name: 'a single region', edits: [[neuRegion, ''], ['      northeurope: 1\n', '']], rule: 'semantic.min-regions', at: { text: '- name: westeurope' } },
  { name: 'two regions with one name', edits: [['- name: northeurope', '- name: westeurope'], ['      northeurope: 1\n', '']], rule: 'semantic.unique-region-name', at: { text: 'name: westeurope', nth: 1, offset: 6 } },
  { name: 'two regions behind one endpoint', edits: [['endpoint: neu', 'endpoint: weu']], rule: 'semantic.unique-endpoint', at: { text: 'endpoint: weu', nth: 1, offset: 10 } },
  { name: 'one cluster in two regions (ids differ only in case)', edits: [['rg-neu/providers/Microsoft.ContainerService/managedClusters/aks-neu', 'RG-WEU/providers/Microsoft.ContainerService/managedClusters/AKS-WEU']], rule: 'semantic.unique-cluster', at: { text: 'cluster: ', nth: 1, offset: 9 } },
  { name: 'a weight for a region that does not exist', edits: [['      northeurope: 1\n', '      northeruope: 1\n']], rule: 'semantic.unknown-region-key', at: { text: 'northeruope' } },
  { name: 'no weight for the primary', edits: [['      westeurope: 1000\n', '']], rule: 'semantic.primary-weight', at: { text: 'northeurope: 1\n' } },
  { name: 'weighted routing without weights', edits: [['    steadyWeights:\n      westeurope: 1000\n      northeurope: 1\n', '']], rule: 'semantic.weights-required', at: { text: `profile: /subscriptions/${SUB}/resourceGroups/rg-global/providers/Microsoft.Network` } },
  { name: 'priority routing without priorities', edits: [[weights, '    routing: priority\n    shift:\n      steps: [100]']], rule: 'semantic.priorities-required', at: { text: `profile: /subscriptions/${SUB}/resourceGroups/rg-global/providers/Microsoft.Network` } },
  { name: 'two regions with one priority', edits: [[weights, priorities(1, 1)]], rule: 'semantic.unique-priority', at: { text: 'northeurope: 1', offset: 13 } },
  { name: 'the secondary ahead of the primary', edits: [[weights, priorities(2, 1)]], rule: 'semantic.primary-priority', at: { text: 'westeurope: 2', offset: 12 } },
  { name: 'shift steps going down', edits: [['steps: [50, 100]', 'steps: [50, 30, 100]']], rule: 'semantic.shift-steps-order', at: { text: '30, 100' } },
  { name: 'shift steps that stop short of 100 %', edits: [['steps: [50, 100]', 'steps: [50, 90]']], rule: 'semantic.shift-steps-end', at: { text: '90]' } },
  { name: 'a probe timeout as long as the interval', edits: [['timeoutSeconds: 4', 'timeoutSeconds: 10']], rule: 'semantic.timeout-below-interval', at: { text: 'timeoutSeconds: 10', offset: 16 } },
  { name: 'recovering faster than failing', edits: [['healthyAfter: 30', 'healthyAfter: 2']], rule: 'semantic.healthy-after', at: { text: 'healthyAfter: 2', offset: 14 } },
  { name: 'a window that can never fill', edits: [['    healthyAfter: 30\n', '    healthyAfter: 30\n    window: { size: 3, failures: 5 }\n']], rule: 'semantic.window-failures', at: { text: 'failures: 5', offset: 10 } },
  { name: 'the workloads signal without workloads', edits: [[workloads, '']], rule: 'semantic.workloads-required', at: { text: 'workloads, app' } },
  { name: 'a signal listed twice', edits: [['workloads, app]', 'workloads, app, nodes]']], rule: 'semantic.duplicate-signal', at: { text: 'app, nodes', offset: 5 } },
  { name: 'the app signal with a region lacking an app URL', edits: [['      app:\n        url: https://neu.example.com/healthz\n', '']], rule: 'semantic.app-url-required', at: { text: 'name: northeurope' } },
  { name: 'images fromWorkloads without workloads', edits: [[workloads, ''], ['workloads, app]', 'app]']], rule: 'semantic.acr-images-from-workloads', at: { text: 'registry: ' } },
  { name: 'a capacity gate without a node pool for a region', edits: [['      nodePool: user\n    - name: northeurope', '    - name: northeurope']], rule: 'semantic.capacity-node-pool', at: { text: 'name: westeurope' } },
  { name: 'a backup gate looser than the RPO', edits: [['maxAgeMinutes: 60', 'maxAgeMinutes: 90']], rule: 'semantic.backup-exceeds-rpo', at: { text: '90' } },
  { name: 'a scheduled live drill without opt-in', edits: [['mode: dry-run', 'mode: live']], rule: 'semantic.live-drill-not-allowed', at: { text: 'live' } },
  { name: 'two webhooks with one name', edits: [['        secretEnv: AKSDR_WEBHOOK_SECRET\n', '        secretEnv: AKSDR_WEBHOOK_SECRET\n      - name: oncall\n        url: https://hooks.example.com/other\n        secretEnv: OTHER_SECRET\n']], rule: 'semantic.duplicate-webhook', at: { text: 'name: oncall', nth: 1, offset: 6 } },
  { name: 'an empty status range', edits: [['        url: https://weu.example.com/healthz\n', '        url: https://weu.example.com/healthz\n        expectStatus: [399, 200]\n']], rule: 'semantic.app-status-range', at: { text: '[399' } },
  // --- semantic warnings ---
  { name: 'automatic failback', severity: 'warning', edits: [['    minDwellMinutes: 30\n', '    minDwellMinutes: 30\n    failback: automatic\n']], rule: 'semantic.automatic-failback', at: { text: 'automatic' } },
  { name: 'a single health signal', severity: 'warning', edits: [['[aks, apiServer, nodes, workloads, app]', '[app]']], rule: 'semantic.single-signal', at: { text: '[app]' } },
  { name: 'twitchy detection', severity: 'warning', edits: [['    intervalSeconds: 10\n    timeoutSeconds: 4\n', '    intervalSeconds: 2\n    timeoutSeconds: 1\n']], rule: 'semantic.twitchy-detection', at: { text: 'unhealthyAfter: 3', offset: 16 } },
  { name: 'a misspelt Azure region', severity: 'warning', edits: [['- name: northeurope', '- name: nortbeurope'], ['      northeurope: 1', '      nortbeurope: 1']], rule: 'semantic.unknown-azure-region', at: { text: 'nortbeurope' } },
  { name: 'restoreFirst without recovery', severity: 'warning', edits: [['    minDwellMinutes: 30\n', '    minDwellMinutes: 30\n    order: restoreFirst\n'], ['  recovery:\n    velero:\n      schedule: shop-hourly\n      includedNamespaces: [shop]\n', '']], rule: 'semantic.restore-first-without-recovery', at: { text: 'restoreFirst' } },
  { name: 'restore and freshness gate on different schedules', severity: 'warning', edits: [['      schedule: shop-hourly\n      includedNamespaces', '      schedule: shop-daily\n      includedNamespaces']], rule: 'semantic.backup-schedule-mismatch', at: { text: 'shop-daily' } },
  { name: 'an unsigned webhook', severity: 'warning', edits: [['        secretEnv: AKSDR_WEBHOOK_SECRET\n', '']], rule: 'semantic.webhook-unsigned', at: { text: 'name: oncall' } },
  { name: 'an RTO shorter than the worst case', severity: 'warning', edits: [['rtoMinutes: 30', 'rtoMinutes: 1']], rule: 'semantic.rto-unreachable', at: { text: 'rtoMinutes: 1', offset: 12 } },
  { name: 'admin credentials', severity: 'warning', edits: [['      endpoint: neu\n', '      endpoint: neu\n      credentials: admin\n']], rule: 'semantic.admin-credentials', at: { text: 'admin' } },
  { name: 'a resource in another subscription', severity: 'warning', edits: [[`  subscriptionId: ${SUB}`, '  subscriptionId: 11111111-2222-4333-8444-555555555555']], rule: 'semantic.subscription-mismatch', at: { text: 'cluster: ', offset: 9 } },
  { name: 'weights with priority routing', severity: 'warning', edits: [['    shift:\n      steps: [50, 100]', '    steadyPriorities: { westeurope: 1, northeurope: 2 }\n    shift:\n      steps: [50, 100]']], rule: 'semantic.unused-routing-settings', at: { text: 'steadyPriorities' } },
  { name: 'a restore that skips the workloads\' namespace', severity: 'warning', edits: [['includedNamespaces: [shop]', 'includedNamespaces: [shop-data]']], rule: 'semantic.restore-misses-workloads', at: { text: '[shop-data]' } },
];

describe('the broken-policy corpus', () => {
  it('starts from a base policy that is valid without warnings', () => {
    const { policy, diagnostics } = parsePolicyText(basePolicyText, 'base.yaml');
    expect(diagnostics).toEqual([]);
    expect(policy?.metadata.name).toBe('corpus');
  });

  it('has at least 40 cases, one mistake each', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('reports $rule for $name', ({ edits, rule, at, severity = 'error' }) => {
    const text = applyEdits(basePolicyText, edits);
    const expected = positionOf(text, at);
    const { policy, diagnostics } = parsePolicyText(text, 'case.yaml');
    const matching = diagnostics.filter((d) => d.rule === rule);
    expect(matching.map((d) => `${d.line}:${d.col} ${d.severity}`), JSON.stringify(diagnostics, null, 1)).toContain(`${expected.line}:${expected.col} ${severity}`);
    for (const diagnostic of diagnostics) expect(diagnostic.message.length).toBeGreaterThan(0);
    if (severity === 'error') expect(policy).toBeUndefined();
    else expect(policy).toBeDefined();
  });
});
