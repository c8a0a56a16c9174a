// `aksdr demo` (what `npm start` runs): the embedded default world — starts the lab and shows it.
import type { Command } from 'commander';
import { startLab } from '../../lab/lab.js';
import { printLabReady, runUntilStopped, defaultLabDir } from './lab.js';
import { renderLabState } from './lab-render.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start the embedded lab world (two regions) and show it; break it with `aksdr lab fail`')
    .option('--dir <dir>', 'folder for the lab files', defaultLabDir)
    .option('--exit-after <seconds>', 'stop by itself after this long', (v) => Number(v))
    .action(async (opts: { dir: string; exitAfter?: number }) => {
      const lab = await startLab({ dir: opts.dir });
      printLabReady(lab.info, 'text');
      process.stdout.write(`\n${renderLabState(lab.state())}\n\n`);
      await runUntilStopped(lab, opts.dir, opts.exitAfter);
    });
}
