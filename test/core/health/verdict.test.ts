import { describe, expect, it } from 'vitest';
import { countedSignals, defaultVerdictRule, describeVerdictRule, evaluateVerdict } from '../../../src/core/health/verdict.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aCycle, observation } from '../builders/observations.js';

const policy = aPolicy().build();
const rule = defaultVerdictRule(policy.spec.health);
const at = 1_000;
const observationsOf = (build: (cycle: ReturnType<typeof aCycle>) => ReturnType<typeof aCycle>, region = 'westeurope') => build(aCycle(policy, at)).build().byRegion[region] ?? [];

describe('evaluation verdict (how signals combine)', () => {
  it('counts the five default signals and never Traffic Manager', () => {
    expect(countedSignals({ signals: ['aks', 'apiServer', 'trafficManager', 'app', 'app'] })).toEqual(['aks', 'apiServer', 'app']);
    expect(rule.signals).toEqual(['aks', 'apiServer', 'nodes', 'workloads', 'app']);
  });

  it('requires every serving signal to fail; the ARM view of the cluster only corroborates', () => {
    expect(rule.mustFail).toEqual(['apiServer', 'nodes', 'workloads', 'app']);
    expect(describeVerdictRule(rule)).toBe('an evaluation fails when all of apiServer, nodes, workloads, app fail (aks corroborates but is not required)');
  });

  it('fails when the region is down, even while ARM still reports the cluster Succeeded', () => {
    const verdict = evaluateVerdict(rule, observationsOf((cycle) => cycle.failing('westeurope', 'apiServer', 'nodes', 'workloads', 'app')));
    expect(verdict.failed).toBe(true);
    expect(verdict.failedSignals).toEqual(['apiServer', 'nodes', 'workloads', 'app']);
  });

  it('passes when one serving signal still passes, however many others fail', () => {
    const verdict = evaluateVerdict(rule, observationsOf((cycle) => cycle.failing('westeurope', 'aks', 'apiServer', 'nodes', 'workloads')));
    expect(verdict.failed).toBe(false);
    expect(verdict.signals.find((outcome) => outcome.signal === 'app')).toEqual({ signal: 'app', ok: true, reason: 'ok' });
  });

  it('keeps the latest reason of every signal, failed or not', () => {
    const verdict = evaluateVerdict(rule, [observation('westeurope', 'app', false, at, 'HTTP 503'), observation('westeurope', 'app', true, at - 1, 'older')]);
    expect(verdict.signals.find((outcome) => outcome.signal === 'app')?.reason).toBe('HTTP 503');
  });

  it('treats a signal that did not report as failed (not observed is not healthy)', () => {
    const verdict = evaluateVerdict(rule, []);
    expect(verdict.failed).toBe(true);
    expect(verdict.signals.every((outcome) => outcome.reason === 'not observed in this cycle')).toBe(true);
  });

  it('requires aks itself when it is the only signal', () => {
    const onlyAks = defaultVerdictRule({ signals: ['aks', 'trafficManager'] });
    expect(onlyAks).toEqual({ signals: ['aks'], mustFail: ['aks'], minFailed: 1 });
  });

  it('expresses a plain quorum too', () => {
    const quorum = { signals: rule.signals, mustFail: [], minFailed: 3 };
    expect(evaluateVerdict(quorum, observationsOf((cycle) => cycle.failing('westeurope', 'aks', 'nodes', 'app'))).failed).toBe(true);
    expect(evaluateVerdict(quorum, observationsOf((cycle) => cycle.failing('westeurope', 'aks', 'nodes'))).failed).toBe(false);
  });
});
