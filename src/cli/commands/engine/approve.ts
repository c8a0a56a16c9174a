// `aksdr approve <policy> [<operation>]` starts the plan that awaits approval (re-checked now);
// `aksdr resume <policy> --reason` releases an engine held after a failed operation.
import { policyPathOf } from '../../policy-argument.js';
import { Option, type Command } from 'commander';
import type { Command as EngineCommand } from '../../../core/index.js';
import { loadDocument } from '../../../engine/engine-document.js';
import { ExitCode, ExitError } from '../../exit-error.js';
import { actorOf, openEngines, outputOption, stateDirOption, type EngineCommandIo, type EngineOutput } from './engine-setup.js';
import { defaultWaitInSeconds, parseWaitSeconds, sendCommand } from './send-command.js';

interface Options {
  by?: string;
  reason?: string;
  stateDir?: string;
  wait: number;
  output: EngineOutput;
}

const waitOption = (): Option =>
  new Option('--wait <seconds>', 'how long to wait for a running loop to take and carry it out; the queued command expires then').default(defaultWaitInSeconds).argParser(parseWaitSeconds);

async function send(io: EngineCommandIo, path: string, options: Options, build: (pendingOperation: string | undefined, by: string) => EngineCommand): Promise<void> {
  const open = await openEngines(io, [path], options.stateDir);
  try {
    const [engine] = open.engines;
    if (!engine || open.engines.length > 1) throw new ExitError(`one policy at a time; ${path} holds ${open.engines.length}`, ExitCode.usage);
    const { doc } = await loadDocument(open.store, engine.policy, open.runtime.clock.now());
    const pending = doc.engine.kind === 'FailoverPending' ? doc.engine.operationId : undefined;
    await sendCommand(io, open, engine, build(pending, actorOf(io, options.by)), { path, waitInSeconds: options.wait, output: options.output });
  } finally {
    await open.close();
  }
}

export function registerApproveCommands(program: Command, io: EngineCommandIo): void {
  program
    .command('approve')
    .description('Approve the plan awaiting approval (the rules are checked again now).')
    .argument('<policy>', 'policy file')
    .argument('[operation]', 'the operation id (default: the one awaiting approval)')
    .option('--by <name>', 'who approves (default: $AKSDR_ACTOR or $USER)')
    .addOption(waitOption())
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action((path: string, operation: string | undefined, options: Options) =>
      // Nothing pending is answered by the engine itself ("nothing-to-approve", exit 1), in text or JSON.
      send(io, path, options, (pending, by) => ({ kind: 'approve', operationId: operation ?? pending ?? '', by })),
    );
  program
    .command('resume')
    .description('Release an engine held after a failed operation, once a person has looked.')
    .argument('[policy]', 'policy file (default: $AKSDR_POLICY)')
    .requiredOption('--reason <text>', 'what was checked')
    .option('--by <name>', 'who resumes (default: $AKSDR_ACTOR or $USER)')
    .addOption(waitOption())
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action((path: string | undefined, options: Options) => send(io, policyPathOf(path, io.env()), options, (_pending, by) => ({ kind: 'resume', by, reason: options.reason ?? '' })));
}
