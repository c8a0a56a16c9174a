// What the engine commands share: the state store (--state-dir, $AKSDR_STATE_DIR, .aksdr/state),
// the wired runtime (real adapters through the composition root; tests inject fakes), the person
// acting (--by), a confirmation prompt for live changes, and the output format.
import { createInterface } from 'node:readline/promises';
import { Option } from 'commander';
import type { Logger } from 'pino';
import { createActionPorts } from '../../../app/dependencies.js';
import { systemClock, type Clock } from '../../../engine/clock.js';
import { PolicyEngine } from '../../../engine/engine.js';
import type { ActionPorts } from '../../../engine/executor/executor-ports.js';
import type { LoadedPolicy } from '../../../policy/index.js';
import { persistDeploymentsMemory } from '../../../readiness/deployments-memory-store.js';
import { openStateStore } from '../../../app/state-store.js';
import type { StateStore } from '../../../state/state-store.js';
import { processCommandIo, type CommandIo } from '../../output/command-io.js';
import { connect, loadValidPolicies, type ConnectOptions, type LoadOptions } from '../../output/command-setup.js';

export type EngineOutput = 'text' | 'json';

export interface EngineRuntime {
  ports: ActionPorts;
  clock: Clock;
  logger?: Logger;
  close(): Promise<void>;
}

export type EngineRuntimeFactory = (io: CommandIo, policies: readonly LoadedPolicy[], store: StateStore, options?: ConnectOptions) => Promise<EngineRuntime>;

export interface EngineCommandIo extends CommandIo {
  /** Asks a yes/no question; undefined when nobody can answer (not a terminal). */
  confirm: ((question: string) => Promise<boolean>) | undefined;
  /** Called once a long-running command (run) should stop: SIGINT/SIGTERM in the process. */
  onStop: (stop: () => void) => () => void;
  runtime: EngineRuntimeFactory;
}

export const connectRuntime: EngineRuntimeFactory = async (io, policies, store, options = {}) => {
  const deps = await connect(io, policies, options);
  const memory = await persistDeploymentsMemory(deps.deploymentsMemory, store, deps.clock, {
    onError: (error) => deps.logger.warn({ err: error }, 'could not save the deployments memory'),
  });
  const ports: ActionPorts = createActionPorts(deps);
  return {
    ports,
    clock: systemClock,
    logger: deps.logger,
    close: async () => {
      await memory.flush();
      await deps.close();
    },
  };
};

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export const processEngineIo: EngineCommandIo = {
  ...processCommandIo,
  confirm: process.stdin.isTTY ? askOnTerminal : undefined,
  onStop: (stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
  },
  runtime: connectRuntime,
};

export const outputOption = (): Option => new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text');
export const stateDirOption = (): Option =>
  new Option('--state-dir <dir>', 'where engine state, journal and audit trail live (default: $AKSDR_STATE_DIR or .aksdr/state; $AKSDR_STATE_CONTAINER_URL or $AKSDR_STATE_CONNECTION_STRING put them in Azure Blob Storage)');

export function stateDirOf(io: CommandIo, flag: string | undefined): string {
  return flag ?? io.env().AKSDR_STATE_DIR ?? '.aksdr/state';
}

export function actorOf(io: CommandIo, by: string | undefined): string {
  return by ?? io.env().AKSDR_ACTOR ?? io.env().USER ?? 'cli';
}

export interface OpenEngines {
  engines: PolicyEngine[];
  store: StateStore;
  runtime: EngineRuntime;
  close(): Promise<void>;
}

/** Loads the policies and builds one engine per policy on a shared runtime and file store. */
export async function openEngines(io: EngineCommandIo, paths: string[], stateDir: string | undefined, load: LoadOptions = {}, connectOptions: ConnectOptions = {}): Promise<OpenEngines> {
  const policies = await loadValidPolicies(io, paths, load);
  const { store } = await openStateStore(io.env(), stateDirOf(io, stateDir));
  const runtime = await io.runtime(io, policies, store, connectOptions);
  const engines = policies.map(({ policy }) => new PolicyEngine(policy, { store, clock: runtime.clock, ports: runtime.ports, ...(runtime.logger ? { logger: runtime.logger } : {}) }));
  return { engines, store, runtime, close: () => runtime.close() };
}

export function json(io: CommandIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
