// Runbook (issue acceptance): a cold standby on the lab at Azure's own pace, compressed five times —
// scale-out in minutes, nodes that boot, pods that need room, a restore that takes its time, Traffic
// Manager's monitor on the profile's settings, users that cache the profile's answers for its TTL.
// The lab's policy (2 s probes, 1 s timeout) is then a 10 s / 5 s policy in Azure's time, so every
// figure here times five is what it would be in Azure. The primary's region goes down (blackholed);
// aksdr scales the standby, restores the application, raises it to what the primary ran, verifies it,
// moves the traffic — and the users follow. Reported: fault → 99 % of the users' requests served by
// the standby, in lab seconds and in Azure's, beside the policy's RTO and its own worst case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTiming, formatDuration } from '../../src/policy/timing.js';
import { labEndpoints, startLabEngine, type LabEngine } from './support/lab-engine.js';

const timeScale = 5;
const PRIMARY = 'westeurope';
const SECONDARY = 'northeurope';

let world: LabEngine;
beforeAll(async () => {
  world = await startLabEngine({ seed: 53, standby: 'cold', pace: { pace: 'azure', timeScale }, clients: 20 });
});
afterAll(async () => {
  await world?.close();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a cold standby at Azure\'s pace (÷5), the primary region down, with users', () => {
  it('restores, scales and verifies the application, moves the traffic, and the users follow within the policy\'s worst case', { timeout: 300_000 }, async () => {
    const engine = world.engine();
    await world.cycles(engine, () => false, 3);
    const faultAt = Date.now();
    world.lab.inject(PRIMARY, 'region-down');
    const { last } = await world.cycles(engine, (r) => r.outcome !== undefined && r.decision?.plan?.kind === 'failover', 40);
    expect(last.outcome?.result, last.outcome?.reason).toBe('succeeded');
    const steps = last.decision?.plan?.steps.map((s) => s.kind) ?? [];
    expect(steps.slice(0, 6)).toEqual(['scaleUp', 'checkReadiness', 'restore', 'scaleWorkloads', 'verifyWorkloads', 'shiftWeights']);

    // The users follow once their cached answers (the profile's TTL ÷ 5) expire.
    let usersAt: number | undefined;
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      usersAt = world.lab.clients?.movedAt(SECONDARY, faultAt);
      if (usersAt !== undefined && Date.now() - usersAt > 3_000) break;
      await sleep(250);
    }
    expect(usersAt, 'the users never all reached the standby').toBeDefined();
    const usersSeconds = ((usersAt ?? faultAt) + 1_000 - faultAt) / 1000;

    const secondary = world.lab.state().clusters.find((c) => c.region === SECONDARY);
    expect(secondary?.restores.map((r) => r.phase)).toEqual(['Completed']);
    for (const d of secondary?.deployments ?? []) expect({ name: d.name, replicas: d.replicas, available: d.available }).toEqual({ name: d.name, replicas: 3, available: 3 });
    expect(labEndpoints(world.lab)[SECONDARY]).toEqual({ status: 'Enabled', weight: 1000 });

    const timing = computeTiming(world.policy.spec);
    const worst = timing.worstCaseUsersMovedSeconds ?? timing.worstCaseMitigationSeconds;
    const rto = world.policy.spec.objectives.rtoMinutes;
    console.log(
      `cold standby, Azure's pace ÷ ${timeScale}: fault → 99 % of users on ${SECONDARY} in ${usersSeconds.toFixed(1)} s on the lab = ` +
        `${formatDuration(Math.round(usersSeconds * timeScale))} at Azure's pace (for this policy at ×${timeScale}: ${world.policy.spec.health.intervalSeconds * timeScale} s probes); ` +
        `RTO ${rto ?? '—'} min; the policy's own worst case ${formatDuration(worst)} (lab) = ${formatDuration(worst * timeScale)}`,
    );
    expect(usersSeconds).toBeLessThanOrEqual(worst);
  });
});
