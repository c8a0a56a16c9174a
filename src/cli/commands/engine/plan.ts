// `aksdr plan <policy>`: what the engine would do now and why — one live observation on top of the
// saved health, the decision with its reasons (rule names and evidence) and the plan in words.
// Changes nothing.
import { policyArgumentHelp, policyPathOf } from '../../policy-argument.js';
import type { Command } from 'commander';
import { describePlan, describeRegionHealth, ruleDocs } from '../../../core/index.js';
import { openEngines, json, outputOption, stateDirOption, type EngineCommandIo, type EngineOutput } from './engine-setup.js';

async function plan(io: EngineCommandIo, path: string, options: { stateDir?: string; output: EngineOutput }): Promise<void> {
  const open = await openEngines(io, [path], options.stateDir, { skipInvalid: true });
  try {
    for (const engine of open.engines) {
      const report = await engine.runCycle({ dryRun: true });
      const { decision, previous, health } = report;
      const name = engine.policy.metadata.name;
      const spec = engine.policy.spec.health;
      const regions = Object.values(health?.regions ?? {}).map((r) => ({
        region: r.region,
        status: r.status,
        failing: r.latest?.failedSignals ?? [],
        evaluationFailed: r.latest?.failed ?? false,
        summary: describeRegionHealth(spec, r),
      }));
      const state = decision?.next ?? previous;
      if (options.output === 'json') {
        json(io, { policy: name, state: previous, active: state.active, routingDrift: state.routingDrift ?? null, next: decision?.next.kind, health: regions, reasons: decision?.reasons ?? [], hold: decision?.hold, alerts: decision?.alerts ?? [], plan: decision?.plan, steps: decision?.plan ? describePlan(decision.plan) : [] });
        continue;
      }
      const lines = [`${name}: ${previous.kind}, ${state.active} takes the traffic`, ...regions.map((r) => `  ${r.region}: ${r.summary}`)];
      if (state.routingDrift) lines.push(`  routing drift (${new Date(state.routingDrift.at).toISOString()}): ${state.routingDrift.message}`);
      lines.push(decision && decision.next.kind !== previous.kind ? `the engine would now go to ${decision.next.kind}` : 'the engine would change nothing now');
      for (const reason of decision?.reasons ?? []) lines.push(`  ${reason.code}: ${reason.message}`);
      for (const violation of decision?.hold?.violations ?? []) lines.push(`  held by ${violation.rule}: ${violation.message} — ${ruleDocs[violation.rule]}`, `    evidence: ${JSON.stringify(violation.evidence)}`);
      if (decision?.plan) lines.push(...describePlan(decision.plan));
      io.stdout(`${lines.join('\n')}\n`);
    }
  } finally {
    await open.close();
  }
}

export function registerPlanCommand(program: Command, io: EngineCommandIo): void {
  program
    .command('plan')
    .description('Show what the engine would do now and why (rules, evidence, the plan step by step); changes nothing.')
    .argument('[policy]', policyArgumentHelp)
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action((path: string | undefined, options: { stateDir?: string; output: EngineOutput }) => plan(io, policyPathOf(path, io.env()), options));
}
