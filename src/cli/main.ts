// The `aksdr` command line: builds the command tree, runs it, and is the one place that exits.
import { Command, CommanderError } from 'commander';
import { isExitError } from './exit-error.js';
import { registerPolicyCommands } from './commands/policy.js';
import { registerLabCommands } from './commands/lab.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerStatusCommand } from './commands/status.js';
import { registerCheckCommand } from './commands/check.js';
import { registerEngineCommands } from './commands/engine/index.js';
import { registerServeCommand } from './commands/serve.js';

export function buildProgram(): Command {
  const program = new Command('aksdr')
    .description('Disaster recovery for Azure Kubernetes Service: health, readiness, Traffic Manager failover, Velero restores.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerPolicyCommands(program);
  registerLabCommands(program);
  registerDemoCommand(program);
  registerStatusCommand(program);
  registerCheckCommand(program);
  registerEngineCommands(program);
  registerServeCommand(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isExitError(error)) {
      if (!error.silent && error.message) process.stderr.write(`aksdr: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`aksdr: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}
