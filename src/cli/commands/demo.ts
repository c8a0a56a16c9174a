// `aksdr demo` (what `npm start` runs): the whole story in the embedded lab world — a healthy pair,
// the primary region goes down, aksdr detects it, checks the secondary is ready, shifts the weights
// and restores the backup; the primary recovers, the failback hold-down passes (shortened for the
// demo, and said so), aksdr fails back — then a summary with the measured timings. With standard
// input not a terminal (CI, a pipe) it exits after the summary; on a terminal the lab stays up to
// explore (`source .aksdr-lab/env`, `aksdr status`, `aksdr lab fail …`, `aksdr drill …`).
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import type { Command } from 'commander';
import { startLab, type Lab } from '../../lab/lab.js';
import { loadPolicies, type FailoverPolicy } from '../../policy/index.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { runRecoveryStory, type RecoveryResult } from './demo-recovery.js';
import { runFailoverStory } from './demo-story.js';
import { summaryLines } from './demo-summary.js';
import { interactiveLabPace, parsePositiveInt, printLabReady, runUntilStopped, defaultLabDir, shown } from './lab.js';
import { renderLabState } from './lab-render.js';

/**
 * The demo's failback hold-down and dwell (no move within that long of the last failover): long
 * enough to watch the rules refuse an early failback, short enough to wait for.
 */
const demoWaitMinutes = 1;
/** How many simulated users the demo's lab runs. */
const demoUsers = 50;

/** When 99 % of the users were served by `region` after the fault: waits (bounded) for the last cached answers to expire. */
async function usersOn(lab: Lab, region: string, faultAt: number, ttlSeconds: number): Promise<number | undefined> {
  const ttlMs = ttlSeconds * 1000;
  const until = Date.now() + ttlMs / lab.info.pace.timeScale + 10_000;
  for (;;) {
    const at = lab.clients?.movedAt(region, faultAt);
    // Settled once a couple of seconds of the users' requests after that moment are in.
    if (at !== undefined && Date.now() - at > 2_000) return at;
    if (Date.now() > until) return at;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function shortenedForDemo(policy: FailoverPolicy): FailoverPolicy {
  const failbackHoldDownMinutes = Math.min(policy.spec.failover.failbackHoldDownMinutes, demoWaitMinutes);
  const minDwellMinutes = Math.min(policy.spec.failover.minDwellMinutes, demoWaitMinutes);
  return { ...policy, spec: { ...policy.spec, failover: { ...policy.spec.failover, failbackHoldDownMinutes, minDwellMinutes } } };
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('the whole DR story in the embedded lab: failover, restore, recovery, hold-down, failback, and a summary; on a terminal the lab stays up afterwards to explore')
    .option('--dir <dir>', 'folder for the lab files', defaultLabDir)
    .option('--exit-after <seconds>', 'after the story, keep the lab up this long (default: until Ctrl-C on a terminal; 0 when standard input is not a terminal)', parsePositiveInt)
    .action(async (opts: { dir: string; exitAfter?: number }) => {
      // A fresh state each time: the story starts from a healthy, steady pair.
      await rm(path.join(opts.dir, 'state'), { recursive: true, force: true });
      // Simulated users resolve the profile's name and call the region it answers: "traffic moved" as they feel it.
      const lab = await startLab({ dir: opts.dir, ...interactiveLabPace, clients: { count: demoUsers } });
      await writeFile(path.join(opts.dir, 'pid'), `${process.pid}\n`);
      const write = (line: string): void => void process.stdout.write(`${line}\n`);
      const startedAt = Date.now();
      try {
        printLabReady(lab.info, 'text');
        const policyFile = lab.info.policyFile ?? path.join(opts.dir, 'policy.yaml');
        const loaded = (await loadPolicies([policyFile])).policies[0]?.policy;
        if (!loaded) throw new ExitError(`the lab's policy ${policyFile} did not load`, ExitCode.failed);
        const policy = shortenedForDemo(loaded);
        const { spec } = policy;
        write(`\nPolicy ${policy.metadata.name} (${policyFile}): probes every ${spec.health.intervalSeconds} s, a region is Unhealthy after ${spec.health.unhealthyAfter} failed evaluations, failover mode ${spec.failover.mode}.`);
        write(`For the demo the failback hold-down is shortened from ${loaded.spec.failover.failbackHoldDownMinutes} min to ${spec.failover.failbackHoldDownMinutes} min and the dwell after a failover from ${loaded.spec.failover.minDwellMinutes} min to ${spec.failover.minDwellMinutes} min; everything else is the policy as written.\n`);
        write(renderLabState(lab.state()));
        write('\n── 1. Steady state, then the primary region fails ──');
        const story = await runFailoverStory(lab, { policy, policyFile, stateDir: path.join(opts.dir, 'state'), logger: pino({ level: 'silent' }), write, startedAt });
        const usersMovedAt = story.succeeded && story.faultAt !== undefined ? await usersOn(lab, 'northeurope', story.faultAt, policy.spec.trafficManager.dnsTtlSeconds ?? 60) : undefined;
        write('');
        write(renderLabState(lab.state()));
        let recovery: RecoveryResult | undefined;
        if (story.succeeded) {
          write('\n── 2. The primary recovers, the hold-down passes, aksdr fails back ──');
          recovery = await runRecoveryStory(lab, story.engine, { policy, write, startedAt });
          write('');
          write(renderLabState(lab.state()));
        } else {
          write(`The failover did not complete (engine state ${story.finalState}); see 'aksdr history ${policyFile}'.`);
        }
        const journal = async (id: string | undefined) => (id ? story.engine.journal.records(id) : []);
        write('');
        for (const line of summaryLines({ policy, policyHoldDownMinutes: loaded.spec.failover.failbackHoldDownMinutes, startedAt, endedAt: Date.now(), story, failoverJournal: await journal(story.operationId), ...(recovery ? { recovery } : {}), failbackJournal: await journal(recovery?.operationId), ...(usersMovedAt !== undefined ? { users: { movedAt: usersMovedAt, count: demoUsers, region: 'northeurope', timeScale: lab.info.pace.timeScale, pace: lab.info.pace.pace } } : {}) })) write(line);
        const succeeded = story.succeeded && recovery?.succeeded === true;

        const interactive = process.stdin.isTTY === true;
        const exitAfter = opts.exitAfter ?? (interactive ? undefined : 0);
        // On a terminal the engine keeps watching, so faults and drills can be tried next.
        const stopLoop = new AbortController();
        const loop = exitAfter === 0 ? Promise.resolve() : story.engine.run(stopLoop.signal);
        if (exitAfter !== 0) {
          write(`\nThe engine keeps watching. Explore: source ${shown(lab.info.envFile)}; aksdr status; aksdr history ${shown(policyFile)}`);
          write(`Break something with 'aksdr lab fail westeurope region-down', or rehearse with 'aksdr drill ${shown(policyFile)} --mode restore-test'. Ctrl-C stops the lab.`);
        }
        await runUntilStopped(lab, opts.dir, exitAfter, async () => {
          stopLoop.abort();
          await loop;
          await story.close();
        });
        if (!succeeded) throw new ExitError('', ExitCode.failed, { silent: true });
      } catch (error) {
        await lab.stop();
        throw error;
      }
    });
}
