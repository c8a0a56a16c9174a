// The acceptance property of "the world is the truth": over random sequences of region faults,
// readiness failures, restores that fail, people editing the profile by hand, commands (failover,
// failback, resume), kills of the controller at a random journal step, and heals — on the fakes and
// a fake clock — after every cycle the engine's belief about which region takes the traffic is the
// profile's, or a named condition says why not (an operation in flight, to be resumed; or a profile
// with no serving endpoint, adopted as routing drift).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/core/index.js';
import { activeRegionOf } from '../../src/core/routing/routing.js';
import { loadDocument } from '../../src/engine/engine-document.js';
import { aPolicy } from '../core/builders/policy-builder.js';
import { isJournalRecord } from './support/crashing-store.js';
import { anEngineWorld, clusterOf, type EngineWorld } from './support/engine-world.js';

const regions = ['westeurope', 'northeurope', 'francecentral'] as const;
type Region = (typeof regions)[number];

type Action =
  | { kind: 'down'; region: Region }
  | { kind: 'heal'; region: Region }
  | { kind: 'unready'; region: Region }
  | { kind: 'ready' }
  | { kind: 'restoreFails'; region: Region }
  | { kind: 'editProfile'; region: Region }
  | { kind: 'command'; command: 'failover' | 'failback' | 'resume'; region: Region }
  | { kind: 'killAt'; step: number }
  | { kind: 'wait' };

const region = fc.constantFrom(...regions);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: region.map((r) => ({ kind: 'down' as const, region: r })) },
  { weight: 3, arbitrary: region.map((r) => ({ kind: 'heal' as const, region: r })) },
  { weight: 1, arbitrary: region.map((r) => ({ kind: 'unready' as const, region: r })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'ready' as const }) },
  { weight: 1, arbitrary: region.map((r) => ({ kind: 'restoreFails' as const, region: r })) },
  { weight: 2, arbitrary: region.map((r) => ({ kind: 'editProfile' as const, region: r })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('command' as const), command: fc.constantFrom('failover' as const, 'failback' as const, 'resume' as const), region }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 12 }).map((step) => ({ kind: 'killAt' as const, step })) },
  { weight: 4, arbitrary: fc.constant({ kind: 'wait' as const }) },
);

async function apply(world: EngineWorld, a: Action): Promise<Command | undefined> {
  switch (a.kind) {
    case 'down':
      world.observer.down.add(a.region);
      return undefined;
    case 'heal':
      world.observer.down.delete(a.region);
      for (const velero of Object.values(world.velero)) velero.restoreOutcome = 'Completed';
      return undefined;
    case 'unready':
      world.readiness.fail(a.region, 'backupFreshness', 'stale');
      return undefined;
    case 'ready':
      world.readiness.heal();
      return undefined;
    case 'restoreFails': {
      const velero = world.velero[clusterOf(world, a.region)];
      if (velero) velero.restoreOutcome = 'Failed';
      return undefined;
    }
    case 'editProfile': {
      // A person moves all the traffic to one region by hand, behind aksdr's back.
      const profile = world.policy.spec.trafficManager.profile;
      for (const spec of world.policy.spec.regions) {
        await world.trafficManager.setEndpoint(profile, spec.endpointType, spec.endpoint, spec.name === a.region ? { status: 'Enabled', weight: 1000 } : { status: 'Disabled' });
      }
      return undefined;
    }
    case 'command':
      if (a.command === 'failover') return { kind: 'failover', to: a.region, by: 'prop' };
      if (a.command === 'failback') return { kind: 'failback', by: 'prop' };
      return { kind: 'resume', by: 'prop', reason: 'looked' };
    case 'killAt': {
      let seen = 0;
      world.store.crashWhen = (log, record) => isJournalRecord(log, record) && seen++ === a.step;
      return undefined;
    }
    case 'wait':
      return undefined;
  }
}

describe('the engine never loses track of the traffic', () => {
  it('after every cycle its active region is the profile’s, or a named condition says why not', async () => {
    let cycles = 0;
    let kills = 0;
    let drifts = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30 }), async (actions) => {
        const policy = aPolicy().withRegions(...regions).withMode('automatic').withDwell(30).withRecovery().withShift([50, 100], 10).build();
        const world = anEngineWorld(policy);
        let engine = world.engine();
        for (const a of actions) {
          const command = await apply(world, a);
          try {
            await world.cycle(engine, command);
          } catch {
            // A kill: the process is gone; a new one starts on the same store and world.
            kills++;
            world.store.crashed = false;
            engine = world.engine();
            await world.cycle(engine);
          }
          cycles++;
          const { doc } = await loadDocument(world.store, policy, world.clock.now());
          const state = doc.engine;
          if (state.kind === 'FailingOver' || state.kind === 'FailingBack') continue;
          const profile = await world.trafficManager.getProfile(policy.spec.trafficManager.profile);
          const endpoints = Object.fromEntries(policy.spec.regions.map((r) => {
            const e = profile.endpoints.find((x) => x.name === r.endpoint);
            return [r.name, { endpoint: r.endpoint, status: e?.status ?? 'Disabled', ...(e?.weight === undefined ? {} : { weight: e.weight }) }];
          }));
          const truth = activeRegionOf(policy, endpoints);
          if (state.routingDrift) drifts++;
          if (truth === undefined) expect(state.routingDrift?.observedActive).toBeUndefined();
          else expect({ step: a, believed: state.active }).toEqual({ step: a, believed: truth });
        }
      }),
      { numRuns: 60 },
    );
    // The sequences exercised what they claim to.
    expect(cycles).toBeGreaterThan(500);
    expect(kills).toBeGreaterThan(0);
    expect(drifts).toBeGreaterThan(0);
  });
});
