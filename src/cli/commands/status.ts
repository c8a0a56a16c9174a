// `aksdr status`: one live probe cycle of every region of the policies, per region and signal, and
// where the traffic goes (the profile, beside what the engine believes when it has state).
// Exit codes: 0 no region is down by its policy's rule (some signals may fail: see the summary),
// 1 some region looks down (every serving signal failed), 2 could not look (usage, policy, access).
// `aksdr check` is the readiness gate.
import { policyPathOf } from '../policy-argument.js';
import type { Command } from 'commander';
import { createObserver } from '../../app/dependencies.js';
import { openStateStore } from '../../app/state-store.js';
import { savedEngineState } from '../../engine/engine-document.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { processCommandIo, progress, type CommandIo } from '../output/command-io.js';
import { connect, loadValidPolicies, outputFormatOption, type OutputFormat } from '../output/command-setup.js';
import { formatStatusTable, toStatusDocument, type PolicyStatus } from '../output/status-output.js';
import { stateDirOf, stateDirOption } from './engine/engine-setup.js';

async function status(io: CommandIo, options: { policy?: string; stateDir?: string; output: OutputFormat }): Promise<void> {
  const path = policyPathOf(options.policy, io.env(), 'pass --policy FILE|DIR');
  const policies = await loadValidPolicies(io, [path], { skipInvalid: true });
  const { store } = await openStateStore(io.env(), stateDirOf(io, options.stateDir));
  const deps = await connect(io, policies);
  let document;
  try {
    const observer = createObserver(deps);
    const statuses: PolicyStatus[] = [];
    for (const { file, policy } of policies) {
      progress(io, `probing ${policy.metadata.name}: ${policy.spec.regions.map((r) => r.name).join(', ')} …`);
      const saved = await savedEngineState(store, policy, deps.clock.now());
      statuses.push({ file, policy, cycle: await observer.observe(policy), ...(saved ? { engine: saved } : {}) });
    }
    document = toStatusDocument(statuses, deps.clock.now());
    io.stdout(options.output === 'json' ? `${JSON.stringify(document, null, 2)}\n` : formatStatusTable(document));
  } finally {
    await deps.close();
  }
  if (document.anyRegionDown) throw new ExitError('a region is down by its policy\'s rule', ExitCode.failed, { silent: true });
}

export function registerStatusCommand(program: Command, io: CommandIo = processCommandIo): void {
  program
    .command('status')
    .description('Probe every region of the policies once (AKS, API server, nodes, workloads, app, Traffic Manager), show each signal and where the traffic goes. Exit 0 no region down, 1 a region is down by its policy\'s rule, 2 usage.')
    .option('-p, --policy <path>', 'policy file or directory (default: $AKSDR_POLICY)')
    .addOption(stateDirOption())
    .addOption(outputFormatOption())
    .action(async (options: { policy?: string; stateDir?: string; output: OutputFormat }) => status(io, options));
}
