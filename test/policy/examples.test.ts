// The example policies in policies/ are documentation people copy; they must stay valid and clean.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicies, parsePolicyText } from '../../src/policy/index.js';

const directory = new URL('../../policies/', import.meta.url);
const examples = readdirSync(directory).filter((name) => name.endsWith('.yaml'));

describe('the example policies', () => {
  it('include the four documented examples', () => {
    expect(examples.sort()).toEqual(['active-passive-weighted.yaml', 'approval-mode.yaml', 'priority-pair.yaml', 'three-region.yaml']);
  });

  it.each(examples)('%s is valid without warnings', (name) => {
    const text = readFileSync(new URL(name, directory), 'utf8');
    const { policy, diagnostics } = parsePolicyText(text, name);
    expect(diagnostics).toEqual([]);
    expect(policy).toBeDefined();
  });

  it.each(examples)('%s points editors at the schema on its first line', (name) => {
    const text = readFileSync(new URL(name, directory), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema.json');
  });

  it('load together as a directory with unique names, skipping schema.json', async () => {
    const { policies, diagnostics } = await loadPolicies([directory.pathname]);
    expect(diagnostics).toEqual([]);
    expect(policies.map((p) => p.policy.metadata.name).sort()).toEqual(['billing', 'catalog', 'payments', 'shop']);
  });

  it('come back with every default filled in', async () => {
    const { policies } = await loadPolicies([new URL('three-region.yaml', directory).pathname]);
    const spec = policies[0]?.policy.spec;
    expect(spec?.regions[0]?.endpointType).toBe('ExternalEndpoints');
    expect(spec?.regions[0]?.credentials).toBe('user');
    expect(spec?.regions[0]?.app?.expectStatus).toEqual([200, 399]);
    expect(spec?.trafficManager.routing).toBe('weighted');
    expect(spec?.health).toMatchObject({ intervalSeconds: 10, timeoutSeconds: 4, unhealthyAfter: 3, healthyAfter: 30, trafficManagerVantage: 'caution' });
    expect(spec?.health.signals).toEqual(['aks', 'apiServer', 'nodes', 'workloads', 'app']);
    expect(spec?.failover).toMatchObject({ failback: 'manual', failbackHoldDownMinutes: 60, order: 'shiftFirst', maxFailovers: { count: 2, windowHours: 24 } });
    expect(spec?.drills).toEqual({ mode: 'dry-run', allowLive: false });
    expect(spec?.recovery).toBeUndefined();
  });
});
