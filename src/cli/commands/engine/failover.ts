// `aksdr failover <policy> --to REGION` and `aksdr failback <policy>`: ask the engine to move the
// traffic, checked by every safety rule (`--force RULE… --reason` overrides named ones and is
// audited). A live move asks for confirmation unless `--yes`; `--dry-run` shows the plan only.
import { policyPathOf } from '../../policy-argument.js';
import { Option, type Command } from 'commander';
import { isRuleName, ruleOrder, unforceableRules, type Command as EngineCommand, type Force, type RuleName } from '../../../core/index.js';
import { executeCommand } from '../../../engine/execute-command.js';
import { ExitCode, ExitError } from '../../exit-error.js';
import { finish, printResult } from './command-output.js';
import { actorOf, openEngines, outputOption, stateDirOption, type EngineCommandIo, type EngineOutput } from './engine-setup.js';
import { defaultWaitInSeconds, parseWaitSeconds, sendCommand } from './send-command.js';

interface MoveOptions {
  to?: string;
  dryRun?: boolean;
  yes?: boolean;
  force?: string[];
  reason?: string;
  by?: string;
  stateDir?: string;
  wait: number;
  output: EngineOutput;
}

function forceOf(options: MoveOptions, by: string): Force | undefined {
  if (!options.force || options.force.length === 0) return undefined;
  const unknown = options.force.filter((rule) => !isRuleName(rule));
  if (unknown.length > 0) throw new ExitError(`unknown rule(s) ${unknown.join(', ')}; rules are: ${ruleOrder.join(', ')}`, ExitCode.usage);
  const unforceable = options.force.filter((rule) => unforceableRules.includes(rule as RuleName));
  if (unforceable.length > 0) throw new ExitError(`${unforceable.join(', ')} cannot be forced: no plan may leave every endpoint disabled or at weight 0`, ExitCode.usage);
  if (!options.reason?.trim()) throw new ExitError('--force needs --reason TEXT: overrides are audited with who and why', ExitCode.usage);
  return { rules: options.force as RuleName[], by, reason: options.reason.trim() };
}

async function move(io: EngineCommandIo, kind: 'failover' | 'failback', path: string, options: MoveOptions): Promise<void> {
  if (kind === 'failover' && !options.to) throw new ExitError('failover needs --to REGION', ExitCode.usage);
  const by = actorOf(io, options.by);
  const force = forceOf(options, by);
  const open = await openEngines(io, [path], options.stateDir);
  try {
    const [engine, ...others] = open.engines;
    if (!engine || others.length > 0) throw new ExitError(`${kind} acts on one policy; ${path} holds ${open.engines.length}`, ExitCode.usage);
    const name = engine.policy.metadata.name;
    const command: EngineCommand = kind === 'failover' ? { kind, to: options.to ?? '', by, ...(force ? { force } : {}) } : { kind, by, ...(force ? { force } : {}) };
    if (options.dryRun || !options.yes) {
      const preview = await executeCommand(engine, { ...command, dryRun: true }, { store: open.store, clock: open.runtime.clock, waitMs: 0 });
      const result = preview.result ?? { status: 'invalid' as const, command, reasons: [], state: 'Steady' as const };
      printResult(io, name, result, options.output, path);
      if (options.dryRun || result.hold || result.status !== 'dry-run') return finish(result);
      if (!io.confirm) throw new ExitError(`refusing a live ${kind} without confirmation: no terminal to ask; pass --yes (or --dry-run to only look)`, ExitCode.usage);
      if (!(await io.confirm(`${kind} ${name}${options.to ? ` to ${options.to}` : ''} now?`))) throw new ExitError('not confirmed; nothing changed', ExitCode.failed);
    }
    await sendCommand(io, open, engine, command, { path, waitInSeconds: options.wait, output: options.output });
  } finally {
    await open.close();
  }
}

/** `--force a,b --force c` → [a, b, c]; one value per flag, so it never swallows the policy argument. */
function collectRules(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((rule) => rule.trim()).filter((rule) => rule.length > 0)];
}

function moveCommand(program: Command, io: EngineCommandIo, kind: 'failover' | 'failback', description: string): Command {
  const command = program
    .command(kind)
    .description(description)
    .argument('[policy]', 'policy file (default: $AKSDR_POLICY)')
    .option('--dry-run', 'plan and check only; change nothing')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--force <rules>', 'override these safety rules, comma-separated or repeated (audited; needs --reason)', collectRules, [])
    .option('--reason <text>', 'why the rules are overridden')
    .option('--by <name>', 'who acts (default: $AKSDR_ACTOR or $USER)')
    .addOption(stateDirOption())
    .addOption(new Option('--wait <seconds>', 'how long to wait for a running loop to take and carry it out; the queued command expires then').default(defaultWaitInSeconds).argParser(parseWaitSeconds))
    .addOption(outputOption());
  return command;
}

export function registerMoveCommands(program: Command, io: EngineCommandIo): void {
  moveCommand(program, io, 'failover', 'Move the traffic of a policy to another region (checked by every safety rule; exit 3 when refused).')
    .requiredOption('--to <region>', 'the region to take the traffic')
    .action((path: string | undefined, options: MoveOptions) => move(io, 'failover', policyPathOf(path, io.env()), options));
  moveCommand(program, io, 'failback', 'Move the traffic back to the primary region (checked by every safety rule; exit 3 when refused).').action((path: string | undefined, options: MoveOptions) =>
    move(io, 'failback', policyPathOf(path, io.env()), options),
  );
}
