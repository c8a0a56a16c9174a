// Where a command writes and what it reads of the process, so tests run commands in-process.

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: () => Readonly<Record<string, string | undefined>>;
  /** Progress lines go to stderr only when a person watches it. */
  stderrIsTty: () => boolean;
}

export const processCommandIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: () => process.env,
  stderrIsTty: () => process.stderr.isTTY,
};

/** A progress line on stderr, for people only (never in a pipe or a pipeline log). */
export function progress(io: CommandIo, text: string): void {
  if (io.stderrIsTty()) io.stderr(`${text}\n`);
}
