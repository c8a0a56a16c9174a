// A drill report builder for the renderers' tests.
import type { DrillReport, DrillStep } from '../../../src/drill/index.js';

export function aStep(name: string, outcome: DrillStep['outcome'] = 'passed', reason = 'fine', evidence?: Record<string, unknown>): DrillStep {
  return { name, title: name, startedAt: '2026-12-01T00:00:00.000Z', endedAt: '2026-12-01T00:00:01.500Z', durationMs: 1500, outcome, reason, ...(evidence ? { evidence } : {}) };
}

export function aReport(overrides: Partial<DrillReport> = {}): DrillReport {
  return {
    schemaVersion: 1,
    drillId: 'shop-drill-live-20261201T000000Z',
    policy: 'shop',
    mode: 'live',
    target: 'northeurope',
    by: 'ops',
    startedAt: '2026-12-01T00:00:00.000Z',
    endedAt: '2026-12-01T00:00:09.000Z',
    result: 'passed',
    summary: 'every step passed',
    steps: [aStep('readiness.acrReplication'), aStep('failover')],
    rto: { basis: 'measured', objectiveMinutes: 5, measuredSeconds: 6, met: true, note: 'RTO measured 6 s meets the objective of 5 min' },
    rpo: { basis: 'measured', objectiveMinutes: 60, measuredSeconds: 57, met: true, note: 'RPO measured 57 s meets the objective of 60 min' },
    ...overrides,
  };
}
