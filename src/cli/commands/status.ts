// `aksdr status`: one live probe cycle of every region of the policies, per region and signal.
// Thin: load, wire, observe, print. The exit code says whether it could look (0) or not (2);
// whether the regions are well is in the output — `aksdr check` is the gate.
import { Option, type Command } from 'commander';
import { createObserver } from '../../app/dependencies.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { processCommandIo, progress, type CommandIo } from '../output/command-io.js';
import { connect, loadValidPolicies, type OutputFormat } from '../output/command-setup.js';
import { formatStatusTable, toStatusDocument, type PolicyStatus } from '../output/status-output.js';

async function status(io: CommandIo, options: { policy?: string; output: OutputFormat }): Promise<void> {
  const path = options.policy ?? io.env().AKSDR_POLICY;
  if (!path) throw new ExitError('no policy given: pass --policy FILE|DIR or set AKSDR_POLICY', ExitCode.usage);
  const policies = await loadValidPolicies(io, [path]);
  const deps = await connect(io, policies);
  try {
    const observer = createObserver(deps);
    const statuses: PolicyStatus[] = [];
    for (const { file, policy } of policies) {
      progress(io, `probing ${policy.metadata.name}: ${policy.spec.regions.map((r) => r.name).join(', ')} …`);
      statuses.push({ file, policy, cycle: await observer.observe(policy) });
    }
    const document = toStatusDocument(statuses, deps.clock.now());
    io.stdout(options.output === 'json' ? `${JSON.stringify(document, null, 2)}\n` : formatStatusTable(document));
  } finally {
    await deps.close();
  }
}

export function registerStatusCommand(program: Command, io: CommandIo = processCommandIo): void {
  program
    .command('status')
    .description('Probe every region of the policies once (AKS, API server, nodes, workloads, app, Traffic Manager) and show each signal.')
    .option('-p, --policy <path>', 'policy file or directory (default: $AKSDR_POLICY)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { policy?: string; output: OutputFormat }) => status(io, options));
}
