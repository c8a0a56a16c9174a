// A running drill on stderr: a line when a step starts (what it waits for) and when it ends (outcome,
// time, why) — in a terminal, a pipe or a pipeline log alike — and, on a terminal only, a spinner
// with the elapsed time and what the step waits for right now.
import type { DrillProgress } from '../../drill/index.js';
import type { CommandIo } from '../output/command-io.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const marks = { passed: '✔', failed: '✘', skipped: '–' } as const;

function at(ms: number): string {
  return `[+${(ms / 1000).toFixed(1).padStart(6)} s]`;
}

export interface ProgressView {
  onProgress: (event: DrillProgress) => void;
  stop(): void;
}

export function progressView(io: CommandIo, options: { tty: boolean; now?: () => number }): ProgressView {
  const now = options.now ?? Date.now;
  let spinner: { timer: NodeJS.Timeout; frame: number; text: string; since: number; elapsedAtStart: number } | undefined;
  const clearLine = (): void => {
    if (options.tty) io.stderr('\r\x1b[2K');
  };
  const draw = (): void => {
    if (!spinner) return;
    const frame = frames[spinner.frame++ % frames.length] ?? '';
    io.stderr(`\r\x1b[2K${frame} ${at(spinner.elapsedAtStart + now() - spinner.since)} ${spinner.text}`);
  };
  const stopSpinner = (): void => {
    if (!spinner) return;
    clearInterval(spinner.timer);
    spinner = undefined;
    clearLine();
  };
  return {
    onProgress(event) {
      switch (event.kind) {
        case 'step-started':
          stopSpinner();
          io.stderr(`${at(event.elapsedMs)} ▶ ${event.title}${event.waitsFor ? ` — waiting for ${event.waitsFor}` : ''}\n`);
          if (options.tty) {
            spinner = { timer: setInterval(draw, 100), frame: 0, text: event.waitsFor, since: now(), elapsedAtStart: event.elapsedMs };
            spinner.timer.unref();
          }
          return;
        case 'waiting':
          if (spinner) spinner.text = event.waitsFor;
          return;
        case 'step-ended':
          stopSpinner();
          io.stderr(`${at(event.elapsedMs)} ${marks[event.outcome]} ${event.step} ${event.outcome} (${(event.durationMs / 1000).toFixed(1)} s): ${event.reason}\n`);
          return;
      }
    },
    stop: stopSpinner,
  };
}
