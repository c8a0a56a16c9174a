import { describe, expect, it } from 'vitest';
import { progressView } from '../../src/cli/commands/drill-progress-view.js';
import type { CommandIo } from '../../src/cli/output/command-io.js';

function capture(): { io: CommandIo; err: () => string } {
  let err = '';
  return { io: { stdout: () => undefined, stderr: (text) => (err += text), env: () => ({}), stderrIsTty: () => false }, err: () => err };
}

describe('drill progress on stderr', () => {
  it('in a pipe or a pipeline log: one line when a step starts (what it waits for) and one when it ends, no spinner', () => {
    const { io, err } = capture();
    const view = progressView(io, { tty: false });
    view.onProgress({ kind: 'step-started', step: 'restore', title: 'restore shop', waitsFor: 'Velero to finish the restore', elapsedMs: 1_200 });
    view.onProgress({ kind: 'waiting', step: 'restore', waitsFor: 'restore r1: InProgress', elapsedMs: 2_000 });
    view.onProgress({ kind: 'step-ended', step: 'restore', title: 'restore shop', outcome: 'failed', reason: 'ended Failed', durationMs: 3_000, elapsedMs: 4_200 });
    view.stop();
    expect(err()).toBe('[+   1.2 s] ▶ restore shop — waiting for Velero to finish the restore\n[+   4.2 s] ✘ restore failed (3.0 s): ended Failed\n');
  });

  it('on a terminal: the spinner line is cleared before the step ends', () => {
    const { io, err } = capture();
    let now = 0;
    const view = progressView(io, { tty: true, now: () => now });
    view.onProgress({ kind: 'step-started', step: 'failover', title: 'fail over', waitsFor: 'the engine', elapsedMs: 0 });
    now = 500;
    view.onProgress({ kind: 'step-ended', step: 'failover', title: 'fail over', outcome: 'passed', reason: 'done', durationMs: 500, elapsedMs: 500 });
    view.stop();
    expect(err()).toContain('\r\x1b[2K[+   0.5 s] ✔ failover passed (0.5 s): done\n');
  });
});
