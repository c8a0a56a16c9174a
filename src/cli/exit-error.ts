// An expected end of a command (bad input, a check that did not pass) as opposed to a bug.
// Commands throw it; only the CLI entry point turns it into output and a process exit code.

export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  refused: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class ExitError extends Error {
  readonly exitCode: number;
  /** Already printed by the command (e.g. a JSON report); the entry point prints nothing more. */
  readonly silent: boolean;

  constructor(message: string, exitCode: number = ExitCode.failed, options: { silent?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ExitError';
    this.exitCode = exitCode;
    this.silent = options.silent ?? false;
  }
}

export function isExitError(error: unknown): error is ExitError {
  return error instanceof ExitError;
}
