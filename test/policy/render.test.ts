// renderPolicyYaml writes policies programs build (the lab's demo world) as commented, valid YAML.
import { describe, expect, it } from 'vitest';
import { parsePolicyText, renderPolicyYaml, type FailoverPolicyInput } from '../../src/policy/index.js';
import { aPolicy } from './builders.js';

/** What the lab writes: two regions, demo-speed health checks, static kubeconfigs. */
const labPolicy: FailoverPolicyInput = aPolicy()
  .named('lab-shop')
  .with((p) => {
    p.spec.regions.forEach((region) => (region.kubeconfig = `.aksdr-lab/${region.name}.kubeconfig`));
    p.spec.health = { intervalSeconds: 2, timeoutSeconds: 1, unhealthyAfter: 3, healthyAfter: 5, signals: ['aks', 'apiServer', 'nodes', 'app'] };
    p.spec.failover = { mode: 'automatic', minDwellMinutes: 1 };
    p.spec.readiness = { capacity: { nodePool: 'user', minNodes: 2 } };
  })
  .build();

describe('renderPolicyYaml', () => {
  it('writes the lab policy as YAML that re-validates (demo timings only warn)', () => {
    const { policy, diagnostics } = parsePolicyText(renderPolicyYaml(labPolicy), 'policy.yaml');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.map((d) => d.rule)).toEqual(['semantic.twitchy-detection']);
    expect(policy?.spec.health.intervalSeconds).toBe(2);
    expect(policy?.spec.regions[1]?.kubeconfig).toBe('.aksdr-lab/northeurope.kubeconfig');
  });

  it('starts with the schema modeline and comments fields from the schema descriptions', () => {
    const text = renderPolicyYaml(labPolicy);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema.json');
    expect(text).toContain('# Seconds between two evaluations of a region.\n    intervalSeconds: 2');
  });

  it('takes another schema location, or none', () => {
    expect(renderPolicyYaml(labPolicy, { schemaComment: '../policies/schema.json' })).toMatch(/^# yaml-language-server: \$schema=\.\.\/policies\/schema\.json\n/);
    expect(renderPolicyYaml(labPolicy, { schemaComment: '', describeFields: false })).toMatch(/^apiVersion: aksdr\/v1alpha1\n/);
  });

  it('keeps long resource ids on one line', () => {
    const text = renderPolicyYaml(labPolicy);
    expect(text).toMatch(/cluster: \/subscriptions\/[^\n]+\/managedClusters\/aks-westeurope\n/);
  });
});
