// `aksdr run <policy...> [--once]`: the engine loop in the foreground, one per policy, until SIGINT
// or SIGTERM (which stop it cleanly: an operation in flight stops between calls and resumes from
// its journal on the next start). `--once` runs a single cycle of each and prints what happened.
// On a terminal a person reads one line per state change (and warnings); otherwise the decisions
// are JSON logs on stderr, like other controllers. A policy another live loop already runs is not
// run a second time here: it is named, with that loop's pid and host.
import { policyPathOf } from '../../policy-argument.js';
import type { Command } from 'commander';
import type { CycleReport, PolicyEngine } from '../../../engine/engine.js';
import { liveLoop } from '../../../engine/loop-presence.js';
import type { StateStore } from '../../../state/state-store.js';
import { ExitCode, ExitError } from '../../exit-error.js';
import { json, openEngines, outputOption, stateDirOption, type EngineCommandIo, type EngineOutput } from './engine-setup.js';

function summary(name: string, report: CycleReport): Record<string, unknown> {
  return {
    policy: name,
    from: report.previous.kind,
    to: report.decision?.next.kind ?? report.previous.kind,
    reasons: report.decision?.reasons.map((r) => `${r.code}: ${r.message}`) ?? [],
    ...(report.decision?.hold ? { heldBy: report.decision.hold.rules } : {}),
    ...(report.resumed ? { resumed: report.resumed } : {}),
    ...(report.outcome ? { outcome: report.outcome } : {}),
    ...(report.conflict ? { conflict: true } : {}),
  };
}

function stateLine(name: string, report: CycleReport, now: number): string | undefined {
  const next = report.decision?.next;
  const changed = next && next.kind !== report.previous.kind;
  if (!changed && !report.resumed && !report.outcome) return undefined;
  const time = new Date(now).toISOString().slice(11, 19);
  const why = report.decision?.reasons.map((r) => r.message).join('; ') ?? '';
  const outcome = report.outcome ? ` — ${report.outcome.operationId} ${report.outcome.result}` : '';
  return `${time} ${name}: ${report.previous.kind} → ${next?.kind ?? report.previous.kind}, ${next?.active ?? report.previous.active} takes the traffic${outcome}${why ? ` (${why})` : ''}`;
}

/** The engines no other live loop runs; each one that another loop holds is named on stderr. */
async function unclaimed(io: EngineCommandIo, store: StateStore, engines: readonly PolicyEngine[], now: number): Promise<PolicyEngine[]> {
  const free: PolicyEngine[] = [];
  for (const engine of engines) {
    const other = await liveLoop(store, engine.policy.metadata.name, now);
    if (other && other.pid !== process.pid) {
      io.stderr(`aksdr: another loop runs ${engine.policy.metadata.name} (pid ${other.pid} on ${other.host}, heartbeat ${Math.round((now - other.heartbeatAt) / 1000)} s ago); not running it here\n`);
      continue;
    }
    free.push(engine);
  }
  return free;
}

async function run(io: EngineCommandIo, paths: string[], options: { once?: boolean; stateDir?: string; output: EngineOutput }): Promise<void> {
  const person = io.stderrIsTty() && !options.once;
  const open = await openEngines(io, paths, options.stateDir, { skipInvalid: true }, { logLevel: person ? 'warn' : 'info' });
  const controller = new AbortController();
  const release = io.onStop(() => controller.abort());
  try {
    const clock = open.runtime.clock;
    const engines = await unclaimed(io, open.store, open.engines, clock.now());
    if (engines.length === 0) throw new ExitError('every policy is already run by another loop; nothing to do here', ExitCode.failed);
    if (options.once) {
      const reports = [];
      for (const engine of engines) reports.push(summary(engine.policy.metadata.name, await engine.runCycle({ signal: controller.signal })));
      if (options.output === 'json') json(io, reports);
      else for (const r of reports) io.stdout(`${String(r.policy)}: ${String(r.from)} → ${String(r.to)}${(r.reasons as string[]).length ? `\n  ${(r.reasons as string[]).join('\n  ')}` : ''}\n`);
      if (reports.some((r) => r.outcome && (r.outcome as { result: string }).result === 'failed')) throw new ExitError('an operation failed', ExitCode.failed, { silent: true });
      return;
    }

    for (const engine of engines) {
      const { spec } = engine.policy;
      if (person) io.stdout(`watching ${engine.policy.metadata.name}: ${spec.regions.map((r) => `${r.name} (${r.role})`).join(', ')}, every ${spec.health.intervalSeconds} s, mode ${spec.failover.mode} — Ctrl-C stops\n`);
    }
    const onCycle = (engine: PolicyEngine) => (report: CycleReport) => {
      const line = person ? stateLine(engine.policy.metadata.name, report, clock.now()) : undefined;
      if (line) io.stdout(`${line}\n`);
    };
    await Promise.all(engines.map((engine) => engine.run(controller.signal, onCycle(engine))));
  } finally {
    release();
    await open.close();
  }
}

export function registerRunCommand(program: Command, io: EngineCommandIo): void {
  program
    .command('run')
    .description('Run the engine loop for the policies in the foreground (SIGINT/SIGTERM stop it cleanly).')
    .argument('[policies...]', 'policy files or directories (default: $AKSDR_POLICY)')
    .option('--once', 'run one cycle of each policy and exit')
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action((paths: string[], options: { once?: boolean; stateDir?: string; output: EngineOutput }) => run(io, paths.length > 0 ? paths : [policyPathOf(undefined, io.env())], options));
}
