// `aksdr check`: the readiness gate for a pipeline. Exit 0 when the target can take the traffic,
// 1 when it cannot (every blocking check printed with its evidence), 2 for a usage or policy error.
import { Option, type Command } from 'commander';
import { createReadinessChecker } from '../../app/dependencies.js';
import { sourceRegionFor } from '../../readiness/readiness-checker.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { isAzurePipelines } from '../output/azure-devops.js';
import { processCommandIo, progress, type CommandIo } from '../output/command-io.js';
import { connect, loadValidPolicies, type OutputFormat } from '../output/command-setup.js';
import { azureDevOpsIssues, formatReadinessTable, toReadinessDocument } from '../output/readiness-output.js';

async function check(io: CommandIo, path: string, options: { target?: string; output: OutputFormat }): Promise<void> {
  const policies = await loadValidPolicies(io, [path]);
  const loaded = policies[0];
  if (!loaded || policies.length > 1) throw new ExitError(`${path} holds ${policies.length} policies; give one policy file`, ExitCode.usage);
  const { file, policy } = loaded;
  const names = policy.spec.regions.map((r) => r.name);
  const targetName = options.target ?? policy.spec.regions.find((r) => r.role === 'secondary')?.name;
  const target = policy.spec.regions.find((r) => r.name === targetName);
  if (!target) {
    throw new ExitError(targetName ? `--target ${targetName} is not a region of ${policy.metadata.name}; its regions are ${names.join(', ')}` : `${policy.metadata.name} has no secondary region; name one with --target`, ExitCode.usage);
  }
  const deps = await connect(io, policies);
  let document;
  try {
    progress(io, `checking ${target.name} as failover target of ${policy.metadata.name} …`);
    const report = await createReadinessChecker(deps).check(policy, target.name);
    document = toReadinessDocument(file, policy, report, sourceRegionFor(policy, target)?.name);
  } finally {
    await deps.close();
  }
  const json = options.output === 'json';
  io.stdout(json ? `${JSON.stringify(document, null, 2)}\n` : formatReadinessTable(document));
  // stdout stays one JSON document: with --output json the logging commands go to stderr (the agent reads both).
  if (isAzurePipelines(io.env())) for (const line of azureDevOpsIssues(document)) (json ? io.stderr : io.stdout)(`${line}\n`);
  if (!document.ready) throw new ExitError(`${target.name} is not ready: ${document.blocking.join(', ')}`, ExitCode.failed, { silent: true });
}

export function registerCheckCommand(program: Command, io: CommandIo = processCommandIo): void {
  program
    .command('check')
    .description('Readiness gate: can TARGET take the traffic now? Exit 0 ready, 1 not ready, 2 usage or policy error.')
    .argument('<policy>', 'a policy file')
    .option('-t, --target <region>', 'the region to check as failover target (default: the secondary)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (path: string, options: { target?: string; output: OutputFormat }) => check(io, path, options));
}
