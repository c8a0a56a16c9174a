// `aksdr drill <policy> [--mode dry-run|restore-test|live]`: rehearse the DR plan of one policy.
// dry-run (default) checks and plans only; restore-test restores the newest backup into scratch
// namespaces of the target and deletes them; live fails over through the engine and back, and
// aborts cleanly (starting weights back) on a failed step, Ctrl-C, or — found at the next run — a
// kill. Exit 0 passed, 1 failed, 2 usage, 3 refused by a safety rule.
import { policyPathOf } from '../policy-argument.js';
import { Option, type Command } from 'commander';
import { DrillUsageError, isDrillMode, runDrill, type DrillMode, type ScratchNamespaces } from '../../drill/index.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { publish, reportFormats, type ReportFormat } from './drill-output.js';
import { progressView } from './drill-progress-view.js';
import { actorOf, openEngines, stateDirOption, type EngineCommandIo } from './engine/engine-setup.js';
import { processEngineIo } from './engine/engine-setup.js';

interface DrillCommandOptions {
  mode: string;
  target?: string;
  report?: string;
  format?: ReportFormat;
  output: 'text' | 'json';
  yes?: boolean;
  by?: string;
  stateDir?: string;
}

/** The composition root's ClusterRouter deletes namespaces; a runtime without that cannot restore-test. */
function scratchNamespacesOf(clusters: unknown): ScratchNamespaces | undefined {
  return typeof (clusters as Partial<ScratchNamespaces>).deleteNamespace === 'function' ? (clusters as ScratchNamespaces) : undefined;
}

async function drill(io: EngineCommandIo, file: string, options: DrillCommandOptions): Promise<void> {
  if (!isDrillMode(options.mode)) throw new ExitError(`--mode ${options.mode}: use dry-run, restore-test or live`, ExitCode.usage);
  const mode: DrillMode = options.mode;
  const by = actorOf(io, options.by);
  if (mode === 'live' && !options.yes) {
    if (!io.confirm) throw new ExitError('a live drill moves production traffic: pass --yes (no terminal to ask)', ExitCode.usage);
    if (!(await io.confirm(`live drill of ${file}: fail over and back now?`))) throw new ExitError('not confirmed; nothing changed', ExitCode.failed);
  }
  const open = await openEngines(io, [file], options.stateDir);
  const stop = new AbortController();
  const release = io.onStop(() => {
    io.stderr('\naksdr: stopping the drill — putting back what it changed (Ctrl-C again leaves it to the next `aksdr drill`)\n');
    stop.abort(new Error('interrupted by the operator'));
  });
  const view = progressView(io, { tty: io.stderrIsTty() });
  try {
    const [engine, ...others] = open.engines;
    if (!engine || others.length > 0) throw new ExitError(`a drill acts on one policy; ${file} holds ${open.engines.length}`, ExitCode.usage);
    const namespaces = scratchNamespacesOf(open.runtime.ports.clusters);
    if (mode === 'restore-test' && !namespaces) throw new ExitError('this runtime cannot delete namespaces, so a restore test could not clean up', ExitCode.usage);
    // The engine's info lines would drown the drill's own progress; its warnings still show.
    const report = await runDrill(
      { store: open.store, clock: open.runtime.clock, ports: open.runtime.ports, namespaces: namespaces ?? { deleteNamespace: () => Promise.reject(new Error('no namespace access')) }, ...(open.runtime.logger ? { logger: open.runtime.logger.child({}, { level: 'warn' }) } : {}) },
      { policy: engine.policy, mode, by, ...(options.target ? { target: options.target } : {}), signal: stop.signal, onProgress: view.onProgress },
    );
    view.stop();
    await publish(io, report, { output: options.output, ...(options.report ? { report: options.report } : {}), ...(options.format ? { format: options.format } : {}) });
    if (report.result === 'refused') throw new ExitError('', ExitCode.refused, { silent: true });
    if (report.result === 'failed') throw new ExitError('', ExitCode.failed, { silent: true });
  } catch (error) {
    if (error instanceof DrillUsageError) throw new ExitError(error.message, ExitCode.usage);
    throw error;
  } finally {
    view.stop();
    release();
    await open.close();
  }
}

export function registerDrillCommand(program: Command, io: EngineCommandIo = processEngineIo): void {
  program
    .command('drill')
    .description('Rehearse the DR plan of a policy: dry-run (check and plan), restore-test (restore into scratch namespaces), live (fail over and back). Exit 0 passed, 1 failed, 2 usage, 3 refused.')
    .argument('[policy]', 'policy file (default: $AKSDR_POLICY)')
    .addOption(new Option('--mode <mode>', 'what the drill does').choices(['dry-run', 'restore-test', 'live']).default('dry-run'))
    .option('--target <region>', 'the region to drill against (default: the first region that is not the primary)')
    .option('--report <file>', 'also write the report to this file')
    .addOption(new Option('--format <format>', 'format of the --report file (default: from its extension: .xml junit, .md, .json, else text)').choices([...reportFormats]))
    .addOption(new Option('-o, --output <format>', 'what goes to stdout').choices(['text', 'json']).default('text'))
    .option('-y, --yes', 'a live drill does not ask for confirmation')
    .option('--by <name>', 'who runs the drill (default: $AKSDR_ACTOR or $USER)')
    .addOption(stateDirOption())
    .action((file: string | undefined, options: DrillCommandOptions) => drill(io, policyPathOf(file, io.env()), options));
}
