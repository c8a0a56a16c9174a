// `aksdr run <policy...> [--once]`: the engine loop in the foreground, one per policy, until SIGINT
// or SIGTERM (which stop it cleanly: an operation in flight stops between calls and resumes from
// its journal on the next start). `--once` runs a single cycle of each and prints what happened.
import type { Command } from 'commander';
import type { CycleReport } from '../../../engine/engine.js';
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

async function run(io: EngineCommandIo, paths: string[], options: { once?: boolean; stateDir?: string; output: EngineOutput }): Promise<void> {
  const open = await openEngines(io, paths, options.stateDir, { skipInvalid: true });
  const controller = new AbortController();
  const release = io.onStop(() => controller.abort());
  try {
    if (options.once) {
      const reports = [];
      for (const engine of open.engines) reports.push(summary(engine.policy.metadata.name, await engine.runCycle({ signal: controller.signal })));
      if (options.output === 'json') json(io, reports);
      else for (const r of reports) io.stdout(`${String(r.policy)}: ${String(r.from)} → ${String(r.to)}${(r.reasons as string[]).length ? `\n  ${(r.reasons as string[]).join('\n  ')}` : ''}\n`);
      if (reports.some((r) => r.outcome && (r.outcome as { result: string }).result === 'failed')) throw new ExitError('an operation failed', ExitCode.failed, { silent: true });
      return;
    }
    await Promise.all(open.engines.map((engine) => engine.run(controller.signal)));
  } finally {
    release();
    await open.close();
  }
}

export function registerRunCommand(program: Command, io: EngineCommandIo): void {
  program
    .command('run')
    .description('Run the engine loop for the policies in the foreground (SIGINT/SIGTERM stop it cleanly).')
    .argument('<policies...>', 'policy files or directories')
    .option('--once', 'run one cycle of each policy and exit')
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action((paths: string[], options: { once?: boolean; stateDir?: string; output: EngineOutput }) => run(io, paths, options));
}
