import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import { DrillStore, type DrillRecord } from '../../src/drill/drill-store.js';
import { StepFailure, StepRecorder } from '../../src/drill/step-recorder.js';
import type { DrillProgress } from '../../src/drill/index.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { aReport } from './support/a-report.js';

const record: DrillRecord = {
  schemaVersion: 1,
  drillId: 'shop-drill-live-20261201T000000Z',
  mode: 'live',
  target: 'northeurope',
  by: 'ops',
  startedAt: '2026-12-01T00:00:00.000Z',
  phase: 'started',
  startingEndpoints: { westeurope: { endpoint: 'weu', status: 'Enabled', weight: 1000 }, northeurope: { endpoint: 'neu', status: 'Enabled', weight: 1 } },
};

describe('the drill store', () => {
  it('round-trips the live drill record through every phase and knows an unfinished one', async () => {
    const drills = new DrillStore(new MemoryStateStore());
    expect(await drills.unfinished('shop')).toBeUndefined();
    for (const phase of ['started', 'failing-over', 'failing-back', 'aborting'] as const) {
      await drills.save('shop', { ...record, phase }, 0);
      expect(await drills.unfinished('shop')).toEqual({ ...record, phase });
    }
    await drills.save('shop', { ...record, phase: 'finished' }, 0);
    expect(await drills.unfinished('shop')).toBeUndefined();
  });

  it('refuses to start a live drill while another has not finished', async () => {
    const drills = new DrillStore(new MemoryStateStore());
    await drills.save('shop', { ...record, phase: 'failing-over' }, 0);
    await expect(drills.save('shop', { ...record, drillId: 'other', phase: 'started' }, 0)).rejects.toThrow(/still failing-over/);
  });

  it('keeps every report, oldest first, as it was written', async () => {
    const drills = new DrillStore(new MemoryStateStore());
    const first = aReport({ drillId: 'a' });
    const second = aReport({ drillId: 'b', result: 'failed' });
    await drills.appendReport(first);
    await drills.appendReport(second);
    expect(await drills.reports('shop')).toEqual([first, second]);
    expect(await drills.reports('shop', 1)).toEqual([second]);
  });
});

describe('the step recorder', () => {
  it('records start, end, outcome and evidence on the given clock and tells the watcher', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T00:00:00Z'));
    const events: DrillProgress['kind'][] = [];
    const recorder = new StepRecorder(clock, (event) => events.push(event.kind));
    const passed = await recorder.run({ name: 'restore', title: 'restore', waitsFor: 'Velero' }, () => {
      void clock.advance(4_000);
      return Promise.resolve({ reason: 'Completed', evidence: { phase: 'Completed' } });
    });
    const failed = await recorder.run({ name: 'failover', title: 'failover', waitsFor: 'the engine' }, () => Promise.reject(new StepFailure('refused', { rule: 'x' }, ['target-ready'])));
    expect([passed, failed]).toEqual([true, false]);
    expect(recorder.steps[0]).toMatchObject({ startedAt: '2026-12-01T00:00:00.000Z', endedAt: '2026-12-01T00:00:04.000Z', durationMs: 4_000, outcome: 'passed', evidence: { phase: 'Completed' } });
    expect(recorder.steps[1]).toMatchObject({ outcome: 'failed', reason: 'refused', evidence: { rule: 'x' } });
    expect(recorder.refusedBy).toEqual(['target-ready']);
    expect(events).toEqual(['step-started', 'step-ended', 'step-started', 'step-ended']);
  });
});
