// The `aksdr` command line: builds the command tree, runs it, and is the one place that exits.
import { Command, CommanderError } from 'commander';
import { isExitError } from './exit-error.js';
import { StateCorruptError } from '../state/state-store.js';
import { commandTable } from './command-table.js';

/**
 * The command tree for `argv`: the named command's module loaded in full, every other command only
 * as a name and a description (for `--help` and "unknown command" hints). Nothing heavy is imported
 * for `--version`, `--help` or a command that does not need it.
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('aksdr')
    .description('Disaster recovery for Azure Kubernetes Service: health, readiness, Traffic Manager failover, Velero restores.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const name = argv.find((arg) => !arg.startsWith('-'));
  const wanted = name !== undefined && Object.hasOwn(commandTable, name) ? commandTable[name] : undefined;
  const loaded = new Set<string>();
  if (wanted) {
    const before = new Set(program.commands.map((c) => c.name()));
    (await wanted.register())(program);
    for (const command of program.commands) if (!before.has(command.name())) loaded.add(command.name());
  }
  for (const [command, entry] of Object.entries(commandTable)) {
    if (!loaded.has(command)) program.command(command).description(entry.description).helpOption(false).allowUnknownOption().allowExcessArguments();
  }
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
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
    if (error instanceof StateCorruptError) {
      // Not a bug: a state file this aksdr cannot read (written by another version, or damaged).
      process.stderr.write(`aksdr: ${error.message}\n  the state lives in --state-dir (or $AKSDR_STATE_DIR / the configured blob container); move the file aside to start afresh, or use the aksdr version that wrote it\n`);
      return 2;
    }
    const fileProblem = fileSystemProblemOf(error);
    if (fileProblem) {
      // Not a bug: a path the person gave (or the default one) that cannot be used as it is.
      process.stderr.write(`aksdr: ${fileProblem}\n  check the path (--state-dir, $AKSDR_STATE_DIR, --dir, --report) and its permissions\n`);
      return 1;
    }
    process.stderr.write(`aksdr: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}

const fileSystemCodes: Record<string, string> = {
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENOENT: 'no such file or directory',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

/** "cannot open <path>: <why> (<code>)" for a Node file-system error on a path, else undefined. */
function fileSystemProblemOf(error: unknown): string | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string' || typeof syscall !== 'string') return undefined;
  const why = fileSystemCodes[code];
  return why ? `cannot ${syscall} ${path}: ${why} (${code})` : undefined;
}
