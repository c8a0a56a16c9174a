// Property tests: over random policies, observation sequences, readiness, commands and executor
// outcomes, the safety invariants of DESIGN.md §3 always hold, and decide is pure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide/decide.js';
import type { DecideInput } from '../../../src/core/decide/decide-context.js';
import type { Command, OperationOutcome } from '../../../src/core/decide/command.js';
import { initialEngineState, type EngineState } from '../../../src/core/decide/engine-state.js';
import { ruleOrder, type RuleName } from '../../../src/core/decide/rules/rule-names.js';
import { allRegionsDown } from '../../../src/core/doubt.js';
import { evaluateHealth } from '../../../src/core/health/evaluate-health.js';
import { initialHealthState, type HealthState } from '../../../src/core/health/health-state.js';
import { countedSignals } from '../../../src/core/health/verdict.js';
import { endpointSettingsOf } from '../../../src/core/plan/build-plan.js';
import { hasServingEndpoint } from '../../../src/core/plan/endpoints.js';
import { isReady, readinessCheckNames, type ReadinessReport, type ReadinessStatus } from '../../../src/core/readiness.js';
import type { FailoverPolicy } from '../../../src/policy/schema.js';
import { aPolicy } from '../builders/policy-builder.js';
import { aCycle } from '../builders/observations.js';
import { aReadiness, HOUR, MINUTE, T0 } from '../builders/world.js';

const REGIONS = ['westeurope', 'northeurope', 'eastus'];

const policyArbitrary = fc
  .record({
    regions: fc.integer({ min: 2, max: 3 }),
    mode: fc.constantFrom('automatic', 'automatic', 'approval', 'manual'),
    failback: fc.constantFrom('automatic', 'manual'),
    vantage: fc.constantFrom('ignore', 'ignore', 'caution', 'veto'),
    priority: fc.boolean(),
    drained: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    steps: fc.constantFrom([100], [50, 100], [10, 50, 100]),
    dwell: fc.integer({ min: 0, max: 60 }),
    maxCount: fc.integer({ min: 1, max: 3 }),
    windowHours: fc.integer({ min: 1, max: 24 }),
    holdDown: fc.integer({ min: 0, max: 120 }),
    unhealthyAfter: fc.integer({ min: 1, max: 3 }),
    scaleUp: fc.boolean(),
  })
  .map((p): FailoverPolicy => {
    const builder = aPolicy()
      .withRegions(...REGIONS.slice(0, p.regions))
      .withMode(p.mode)
      .withFailback(p.failback, p.holdDown)
      .withVantage(p.vantage)
      .withDwell(p.dwell)
      .withMaxFailovers(p.maxCount, p.windowHours)
      .withHysteresis(p.unhealthyAfter, 3)
      .withSignals('aks', 'apiServer', 'nodes', 'workloads', 'app', 'trafficManager')
      .withCapacity(3, p.scaleUp);
    if (p.priority) builder.withPriorityRouting();
    else builder.withShift(p.steps);
    if (!p.priority && p.drained !== undefined) builder.withDrainedWeight(p.drained);
    return builder.build();
  });

const tickArbitrary = fc.record({
  advanceMinutes: fc.integer({ min: 1, max: 90 }),
  /** Per region: failing signals as a bit mask over the 5 counted signals; mostly all up or all down. */
  masks: fc.array(fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.constant(31) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 31 }) }), { minLength: 3, maxLength: 3 }),
  trafficManagerOnline: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  /** Per region and check; mostly every check passes, sometimes a few fail or cannot tell. */
  readiness: fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<ReadinessStatus[]>([]) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom<ReadinessStatus>('pass', 'pass', 'fail', 'unknown'), { minLength: 7, maxLength: 7 }) },
    ),
    { minLength: 3, maxLength: 3 },
  ),
  command: fc.option(
    fc.record({
      kind: fc.constantFrom('failover', 'failback', 'approve', 'approve-pending', 'resume'),
      to: fc.constantFrom(...REGIONS),
      force: fc.option(fc.subarray([...ruleOrder]), { nil: undefined }),
      dryRun: fc.boolean(),
    }),
    { nil: undefined, freq: 3 },
  ),
  outcome: fc.option(fc.constantFrom<OperationOutcome['result']>('succeeded', 'failed'), { nil: undefined, freq: 2 }),
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

function commandFrom(tick: TickValue, state: EngineState): Command | undefined {
  const spec = tick.command;
  if (!spec) return undefined;
  const force = spec.force && spec.force.length > 0 ? { rules: spec.force, by: 'prop', reason: 'property test' } : undefined;
  switch (spec.kind) {
    case 'failover':
      return { kind: 'failover', to: spec.to, by: 'prop', dryRun: spec.dryRun, ...(force ? { force } : {}) };
    case 'failback':
      return { kind: 'failback', by: 'prop', dryRun: spec.dryRun, ...(force ? { force } : {}) };
    case 'approve':
      return { kind: 'approve', operationId: 'made-up', by: 'prop' };
    case 'approve-pending':
      return { kind: 'approve', operationId: state.kind === 'FailoverPending' ? state.operationId : 'none', by: 'prop' };
    case 'resume':
      return { kind: 'resume', by: 'prop', reason: 'property test' };
  }
}
type TickValue = typeof tickArbitrary extends fc.Arbitrary<infer T> ? T : never;

function readinessOf(policy: FailoverPolicy, tick: TickValue, now: number): Record<string, ReadinessReport> {
  const reports: Record<string, ReadinessReport> = {};
  policy.spec.regions.forEach(({ name }, index) => {
    const builder = aReadiness(name, now);
    readinessCheckNames.forEach((check, checkIndex) => {
      const status = tick.readiness[index]?.[checkIndex] ?? 'pass';
      if (status !== 'pass') builder.with(check, status, `${check} ${status}`);
    });
    reports[name] = builder.build();
  });
  return reports;
}

function targetOk(input: DecideInput, to: string, overridden: RuleName[]): string[] {
  const problems: string[] = [];
  if (input.health.regions[to]?.status !== 'Healthy' && !overridden.includes('target-healthy')) problems.push(`target ${to} is ${input.health.regions[to]?.status ?? '?'}`);
  const report = input.readiness[to];
  const repairable = input.policy.spec.readiness.capacity?.scaleUp ? (['capacity'] as const) : [];
  if ((!report || !isReady(report, { repairable: [...repairable] })) && !overridden.includes('target-ready')) problems.push(`target ${to} not ready`);
  return problems;
}

describe('decide: safety invariants over random worlds', () => {
  it('hold for every sequence of observations, readiness, commands and outcomes', () => {
    const seen = { automaticStarts: 0, forcedStarts: 0, held: 0, pending: 0, failedOver: 0 };
    fc.assert(
      fc.property(policyArbitrary, fc.array(tickArbitrary, { minLength: 1, maxLength: 40 }), (policy, ticks) => {
        let now = T0;
        let health: HealthState = initialHealthState(policy, now);
        let state: EngineState = initialEngineState(policy, now);
        const starts: { at: number; overridden: RuleName[] }[] = [];
        const signals = countedSignals(policy.spec.health);
        for (const tick of ticks) {
          now += tick.advanceMinutes * MINUTE;
          const cycle = aCycle(policy, now);
          policy.spec.regions.forEach(({ name }, index) => {
            const mask = tick.masks[index] ?? 0;
            cycle.failing(name, ...signals.filter((_, bit) => (mask & (1 << bit)) !== 0));
            // Traffic Manager mostly agrees with us; sometimes it sees the region Online regardless.
            cycle.trafficManager(name, mask === 0 || (tick.trafficManagerOnline[index] ?? false));
          });
          health = evaluateHealth(policy, deepFreeze(health), deepFreeze(cycle.build()));
          const outcome: OperationOutcome | undefined =
            tick.outcome && (state.kind === 'FailingOver' || state.kind === 'FailingBack') ? { operationId: state.operationId, result: tick.outcome, reason: 'executor' } : undefined;
          const command = commandFrom(tick, state);
          const input: DecideInput = deepFreeze({ policy, health, readiness: readinessOf(policy, tick, now), state, now, ...(command ? { command } : {}), ...(outcome ? { outcome } : {}) });

          const decision = decide(input);
          // Pure: the same input (a fresh copy) gives a deep-equal decision; the frozen input was not touched.
          expect(decide(structuredClone(input))).toEqual(decision);
          // Persistable: every state survives JSON.
          expect(JSON.parse(JSON.stringify(decision.next))).toEqual(decision.next);

          const overridden = decision.overrides.map((override) => override.rule);
          if (!command || !('force' in command) || !command.force) expect(decision.overrides).toEqual([]);
          else for (const rule of overridden) expect(command.force.rules).toContain(rule);

          // Never leave nothing serving, in any plan, at any step.
          if (decision.plan) for (const settings of endpointSettingsOf(decision.plan)) expect(hasServingEndpoint(settings)).toBe(true);

          const started = (decision.next.kind === 'FailingOver' || decision.next.kind === 'FailingBack') && decision.next !== state && state.kind !== decision.next.kind ? decision.next : undefined;
          if (started) {
            if (command) seen.forcedStarts += decision.overrides.length > 0 ? 1 : 0;
            else seen.automaticStarts++;
            expect(targetOk(input, started.plan.to, overridden)).toEqual([]);
            if (!command) {
              // No automatic action while our own view is in doubt.
              expect(allRegionsDown(policy, health)).toBeUndefined();
              expect(state.kind === 'Held' && state.reason === 'operation-failed').toBe(false);
            }
            // Dwell and the cap guard a return; an escape from an Unhealthy active region is never held by them.
            const escape = health.regions[started.plan.from]?.status === 'Unhealthy';
            if (started.kind === 'FailingOver') {
              const { count, windowHours } = policy.spec.failover.maxFailovers;
              const inWindow = starts.filter((start) => start.at > now - windowHours * HOUR).length;
              if (!escape && !overridden.includes('max-failovers-per-window')) expect(inWindow).toBeLessThan(count);
              const last = starts.at(-1);
              if (!escape && last && !overridden.includes('min-dwell')) expect(now - last.at).toBeGreaterThanOrEqual(policy.spec.failover.minDwellMinutes * MINUTE);
              starts.push({ at: now, overridden });
            }
            // No automatic move ever leaves a region that is not Unhealthy (a failback returns to a Healthy primary).
            if (!command && started.kind === 'FailingOver') expect(escape).toBe(true);
          }
          if (decision.next.kind === 'FailoverPending' && state.kind !== 'FailoverPending') expect(targetOk(input, decision.next.plan.to, [])).toEqual([]);
          if (!command && state.kind === 'Held' && state.reason === 'operation-failed') expect(decision.next).toMatchObject({ kind: 'Held', reason: 'operation-failed' });
          if (decision.next.kind === 'Held') seen.held++;
          if (decision.next.kind === 'FailoverPending') seen.pending++;
          if (decision.next.kind === 'FailedOver') seen.failedOver++;
          state = decision.next;
        }
      }),
      { numRuns: 200 },
    );
    // The worlds were interesting: the invariants were checked on real starts, holds and approvals.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });
});
