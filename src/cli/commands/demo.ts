// `aksdr demo` (what `npm start` runs): the embedded lab world and a failover in it — a healthy
// pair, the primary region goes down, aksdr moves the traffic and restores the backup — then the
// lab stays up to explore (`source .aksdr-lab/env`, `aksdr status`, `aksdr lab heal`, `aksdr failback`).
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import type { Command } from 'commander';
import { startLab } from '../../lab/lab.js';
import { loadPolicies } from '../../policy/index.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { runFailoverStory } from './demo-story.js';
import { parsePositiveInt, printLabReady, runUntilStopped, defaultLabDir, shown } from './lab.js';
import { renderLabState } from './lab-render.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('the embedded lab world and a live failover in it; the lab stays up afterwards to explore')
    .option('--dir <dir>', 'folder for the lab files', defaultLabDir)
    .option('--exit-after <seconds>', 'after the failover, keep the lab up this long (default: until Ctrl-C)', parsePositiveInt)
    .action(async (opts: { dir: string; exitAfter?: number }) => {
      // A fresh state each time: the story starts from a healthy, steady pair.
      await rm(path.join(opts.dir, 'state'), { recursive: true, force: true });
      const lab = await startLab({ dir: opts.dir });
      await writeFile(path.join(opts.dir, 'pid'), `${process.pid}\n`);
      const write = (line: string): void => void process.stdout.write(`${line}\n`);
      try {
        printLabReady(lab.info, 'text');
        const policyFile = lab.info.policyFile ?? path.join(opts.dir, 'policy.yaml');
        const policy = (await loadPolicies([policyFile])).policies[0]?.policy;
        if (!policy) throw new ExitError(`the lab's policy ${policyFile} did not load`, ExitCode.failed);
        write(`\nPolicy ${policy.metadata.name} (${policyFile}): probes every ${policy.spec.health.intervalSeconds} s, a region is Unhealthy after ${policy.spec.health.unhealthyAfter} failed evaluations, failover mode ${policy.spec.failover.mode}.\n`);
        write(renderLabState(lab.state()));
        write('');
        const story = await runFailoverStory(lab, {
          policy,
          policyFile,
          stateDir: path.join(opts.dir, 'state'),
          logger: pino({ level: 'silent' }),
          write,
        });
        write('');
        write(renderLabState(lab.state()));
        write('');
        if (story.succeeded) {
          write(`Failed over in ${story.cyclesToDetect ?? '?'} probe cycles from the fault; restore and workloads verified in the secondary.`);
        } else {
          write(`The failover did not complete (engine state ${story.finalState}); see 'aksdr history ${policyFile}'.`);
        }
        // The engine keeps watching, so healing the primary and failing back can be tried next.
        const stopLoop = new AbortController();
        const loop = story.engine.run(stopLoop.signal);
        write(`\nThe engine keeps watching. Explore: source ${shown(lab.info.envFile)}; aksdr status; aksdr history ${shown(policyFile)}`);
        write(`Heal the primary with 'aksdr lab heal'; once it has been healthy for ${policy.spec.failover.failbackHoldDownMinutes} min, 'aksdr failback ${shown(policyFile)}' moves the traffic back (failback is ${policy.spec.failover.failback} in this policy).`);
        await runUntilStopped(lab, opts.dir, opts.exitAfter, async () => {
          stopLoop.abort();
          await loop;
          await story.close();
        });
        if (!story.succeeded) throw new ExitError('', ExitCode.failed, { silent: true });
      } catch (error) {
        await lab.stop();
        throw error;
      }
    });
}
