// `aksdr lab up|fail|heal|show|down`: run the local emulated Azure + AKS world and break it on purpose.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LabControlClient, LabControlError, LabNotRunningError, readLabInfo } from '../../lab/control-client.js';
import { deadModeOf, faultKinds, isFaultKind, killingFaultKinds } from '../../lab/faults.js';
import { deadModes, type DeadMode } from '../../lab/http/handler.js';
import { startLab, type Lab } from '../../lab/lab.js';
import type { LabInfo } from '../../lab/lab-files.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { renderLabState } from './lab-render.js';

/**
 * The pace of a lab a person starts (`lab up`, `demo`): Azure's own durations, ten times shorter —
 * a scale-out in 18 s, a node booting in 6 s, an hourly backup every 6 minutes. The demo's story
 * takes about 2 minutes at this pace (docs/LAB.md).
 */
export const interactiveLabPace = { pace: 'azure', timeScale: 10 } as const;

// `source DIR/env` sets AKSDR_LAB_DIR, so later commands find the lab without --dir.
export const defaultLabDir = process.env.AKSDR_LAB_DIR ?? '.aksdr-lab';

function parseRate(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1) throw new InvalidArgumentError('a rate is a number in (0, 1], e.g. 0.3');
  return rate;
}
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}
function parseTimeScale(value: string): number {
  const factor = Number(value);
  if (!Number.isFinite(factor) || factor <= 0) throw new InvalidArgumentError('a time scale is a positive number, e.g. 10 (every duration ten times shorter)');
  return factor;
}
function parseRegions(value: string): string[] {
  const regions = value.split(',').map((r) => r.trim()).filter(Boolean);
  if (regions.length < 2) throw new InvalidArgumentError('a DR pair needs at least two regions, e.g. westeurope,northeurope');
  const bad = regions.find((r) => !/^[a-z][a-z0-9]{2,30}$/.test(r));
  if (bad) throw new InvalidArgumentError(`'${bad}' is not an Azure region name (lower-case letters and digits, e.g. westeurope)`);
  if (new Set(regions).size !== regions.length) throw new InvalidArgumentError('regions must be distinct');
  return regions;
}

/** Turn a failure to reach the lab into a clear CLI error. */
async function withLab<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LabNotRunningError) throw new ExitError(error.message, ExitCode.failed);
    if (error instanceof LabControlError) throw new ExitError(error.message, ExitCode.usage);
    throw error;
  }
}

/** A path as a person would type it from here: relative below the working folder, else absolute. */
export function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

export function printLabReady(info: LabInfo, output: string): void {
  if (output === 'json') {
    process.stdout.write(`${JSON.stringify(info)}\n`);
    return;
  }
  const lines = [
    `aksdr lab is up (${Object.keys(info.clusters).join(', ')})`,
    `  Azure Resource Manager              ${info.armEndpoint}`,
    `  Entra ID                            ${info.authorityHost}/${info.tenantId}`,
    ...Object.entries(info.clusters).map(([region, c]) => `  ${`${c.name} ${region} (${c.role})`.padEnd(36)}${c.apiServer}   kubeconfig ${shown(c.kubeconfig)}`),
    `  Traffic Manager                     ${info.trafficManager.profileId}`,
    `  lab control                         ${info.controlUrl}`,
    `  pace                                ${info.pace.pace}${info.pace.timeScale === 1 ? '' : `, every duration ÷ ${info.pace.timeScale}`}`,
    '',
    `In another shell:  source ${shown(info.envFile)}`,
    `                   aksdr lab show   |   aksdr lab fail ${Object.keys(info.clusters)[0] ?? 'REGION'} region-down   |   aksdr lab heal`,
    'Ctrl-C stops the lab.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/** Run until SIGINT/SIGTERM (or a deadline), then stop the lab cleanly. */
export async function runUntilStopped(lab: Lab, dir: string, exitAfterSeconds?: number, beforeStop?: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (timer) clearTimeout(timer);
      resolve();
    };
    const timer = exitAfterSeconds === undefined ? undefined : setTimeout(stop, exitAfterSeconds * 1000);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await beforeStop?.();
  await lab.stop();
  await rm(path.join(dir, 'pid'), { force: true });
}

export function registerLabCommands(program: Command): void {
  const lab = program.command('lab').description('a local emulated Azure + AKS world (Entra ID, ARM, Kubernetes, Velero) with fault injection');

  lab
    .command('up')
    .description('start the lab in the foreground; writes lab.json, ca.pem, kubeconfigs, env and policy.yaml into DIR')
    .option('--regions <list>', 'comma-separated regions, primary first', parseRegions, ['westeurope', 'northeurope'])
    .option('--dir <dir>', 'folder for the lab files', defaultLabDir)
    .option('--standby <kind>', 'warm (the secondary runs the app scaled down) or cold (nothing until a restore)', 'warm')
    .addOption(new Option('--cluster-auth <kind>', 'local-accounts (static tokens) or entra (kubelogin kubeconfigs; the API servers take only Entra tokens)').choices(['local-accounts', 'entra']).default('local-accounts'))
    .addOption(new Option('--pace <pace>', "azure: Azure's and Velero's own durations (scale-out in minutes, nodes that boot, pods that need room, restores that grow with their items, backups on their cron); fast: a near-instant world").choices(['azure', 'fast']).default(interactiveLabPace.pace))
    .option('--time-scale <factor>', 'divide every duration of the pace by this (the same world, compressed)', parseTimeScale, interactiveLabPace.timeScale)
    .option('--clients <n>', 'simulate N users resolving the Traffic Manager name through the lab DNS and calling the region it answers (`lab show` reports where they went)', parsePositiveInt)
    .addOption(new Option('-o, --output <format>', 'text or json (lab.json on one line)').choices(['text', 'json']).default('text'))
    .addOption(new Option('--exit-after <seconds>', 'stop by itself after this long').argParser(parsePositiveInt).hideHelp())
    .action(async (opts: { regions: string[]; dir: string; standby: string; clusterAuth: 'local-accounts' | 'entra'; pace: 'azure' | 'fast'; timeScale: number; clients?: number; output: string; exitAfter?: number }) => {
      if (opts.standby !== 'warm' && opts.standby !== 'cold') throw new ExitError(`--standby must be warm or cold, not '${opts.standby}'`, ExitCode.usage);
      const running = await startLab({ dir: opts.dir, regions: opts.regions, standby: opts.standby, clusterAuth: opts.clusterAuth, pace: opts.pace, timeScale: opts.timeScale, ...(opts.clients ? { clients: { count: opts.clients } } : {}) });
      await writeFile(path.join(opts.dir, 'pid'), `${process.pid}\n`);
      printLabReady(running.info, opts.output);
      await runUntilStopped(running, opts.dir, opts.exitAfter);
    });

  lab
    .command('fail')
    .description(`break something: ${faultKinds.join(', ')}`)
    .argument('<region>', "the region to break ('*' for every region, ARM faults only)")
    .argument('<fault>', 'the fault')
    .option('--rate <r>', 'probability that a request feels the fault (flaky defaults to 0.3)', parseRate)
    .option('--count <n>', 'ARM and AKS faults: fire this many times, then heal', parsePositiveInt)
    .option('--latency-ms <ms>', 'added latency for apiserver-slow / arm-slow', parsePositiveInt)
    .option('--retry-after <seconds>', 'Retry-After of arm-throttle', parsePositiveInt)
    .option('--budget <n>', 'arm-throttle: requests admitted per Retry-After window before 429s (default 0)', parsePositiveInt)
    .option('--method <method>', 'ARM faults: only this HTTP method')
    .option('--path <text>', 'ARM faults: only paths containing this text')
    .option('--partial', 'restore-fails: end restores PartiallyFailed instead of Failed')
    .addOption(new Option('--mode <mode>', 'region-down, apiserver-down, arm-drop: how the dead endpoint looks — refused (closed), reset, or blackhole (never answers; region-down\'s default)').choices([...deadModes]))
    .option('--dir <dir>', 'the lab folder', defaultLabDir)
    .action(async (region: string, fault: string, opts: { rate?: number; count?: number; latencyMs?: number; retryAfter?: number; budget?: number; method?: string; path?: string; partial?: boolean; mode?: DeadMode; dir: string }) => {
      if (!isFaultKind(fault)) throw new ExitError(`unknown fault '${fault}'; one of: ${faultKinds.join(', ')}`, ExitCode.usage);
      const injected = await withLab(async () =>
        (await LabControlClient.fromDir(opts.dir)).fail({
          region,
          kind: fault,
          ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
          ...(opts.count !== undefined ? { count: opts.count } : {}),
          ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
          ...(opts.retryAfter !== undefined ? { retryAfterSeconds: opts.retryAfter } : {}),
          ...(opts.budget !== undefined ? { budget: opts.budget } : {}),
          ...(opts.method ? { method: opts.method } : {}),
          ...(opts.path ? { pathContains: opts.path } : {}),
          ...(opts.partial ? { phase: 'PartiallyFailed' as const } : {}),
          ...(opts.mode ? { mode: opts.mode } : {}),
        }),
      );
      const mode = killingFaultKinds.includes(injected.kind) ? ` (${deadModeOf(injected)})` : '';
      process.stdout.write(`injected ${injected.kind} in ${injected.region}${mode}${injected.rate !== undefined ? ` at rate ${injected.rate}` : ''}\n`);
    });

  lab
    .command('heal')
    .description('undo the faults of one region, or all of them')
    .argument('[region]', 'region to heal (default: everything)')
    .option('--dir <dir>', 'the lab folder', defaultLabDir)
    .action(async (region: string | undefined, opts: { dir: string }) => {
      const healed = await withLab(async () => (await LabControlClient.fromDir(opts.dir)).heal(region));
      process.stdout.write(healed.length === 0 ? 'nothing to heal\n' : `healed ${healed.map((f) => `${f.kind}@${f.region}`).join(', ')}\n`);
    });

  lab
    .command('show')
    .description('endpoint weights and status, clusters, Velero backups and restores, active faults')
    .option('--dir <dir>', 'the lab folder', defaultLabDir)
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action(async (opts: { dir: string; output: string }) => {
      const state = await withLab(async () => (await LabControlClient.fromDir(opts.dir)).state());
      process.stdout.write(opts.output === 'json' ? `${JSON.stringify(state)}\n` : `${renderLabState(state)}\n`);
    });

  lab
    .command('down')
    .description('stop a lab started with `aksdr lab up` in another shell')
    .option('--dir <dir>', 'the lab folder', defaultLabDir)
    .action(async (opts: { dir: string }) => {
      await withLab(() => readLabInfo(opts.dir));
      const pid = Number((await readFile(path.join(opts.dir, 'pid'), 'utf8').catch(() => '')).trim());
      if (!Number.isInteger(pid) || pid <= 0) throw new ExitError(`no running lab recorded in ${opts.dir}/pid`, ExitCode.failed);
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        throw new ExitError(`the lab (pid ${pid}) is not running`, ExitCode.failed);
      }
      process.stdout.write(`stopping the lab (pid ${pid})\n`);
    });
}
