// `aksdr check`: the readiness gate for a pipeline. Exit 0 when the target can take the traffic,
// 1 when it cannot (every blocking check printed with its evidence), 2 for a usage or policy error.
import { policyPathOf } from '../policy-argument.js';
import type { Command } from 'commander';
import { createReadinessChecker, type Dependencies } from '../../app/dependencies.js';
import type { FailoverPolicy } from '../../policy/index.js';
import { openStateStore } from '../../app/state-store.js';
import { primaryOf } from '../../core/index.js';
import { savedEngineState } from '../../engine/engine-document.js';
import { persistDeploymentsMemory } from '../../readiness/deployments-memory-store.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { isAzurePipelines } from '../output/azure-devops.js';
import { processCommandIo, progress, type CommandIo } from '../output/command-io.js';
import { connect, loadValidPolicies, outputFormatOption, type OutputFormat } from '../output/command-setup.js';
import { stateDirOf, stateDirOption } from './engine/engine-setup.js';
import { azureDevOpsIssues, formatReadinessTable, toReadinessDocument } from '../output/readiness-output.js';

/**
 * Judged as the engine judges: from where the traffic is now (the engine's saved state; the primary
 * when none), with the same deployments memory (so a primary that is down is compared by what it
 * last ran). The default target is the region the traffic would go to next: the secondary while the
 * primary serves, the primary (a failback) once the traffic has moved.
 */
/**
 * `--fix` with `decider: aksdr`: sets always-serve on the policy's endpoints that lack it (one PATCH
 * each, the same RBAC action a failover uses), so Traffic Manager's monitor cannot move clients by itself.
 */
async function fixAlwaysServe(io: CommandIo, deps: Dependencies, policy: FailoverPolicy): Promise<void> {
  if (policy.spec.trafficManager.decider !== 'aksdr') return;
  const profileId = policy.spec.trafficManager.profile;
  const profile = await deps.trafficManager.getProfile(profileId);
  for (const region of policy.spec.regions) {
    const endpoint = profile.endpoints.find((e) => e.name.toLowerCase() === region.endpoint.toLowerCase());
    if (!endpoint || endpoint.alwaysServe === 'Enabled') continue;
    await deps.trafficManager.setEndpoint(profileId, region.endpointType, endpoint.name, { alwaysServe: 'Enabled' });
    io.stderr(`set always-serve on endpoint ${endpoint.name} (${region.name}): only aksdr moves the traffic (decider aksdr)\n`);
  }
}

async function check(io: CommandIo, path: string, options: { target?: string; stateDir?: string; fix?: boolean; output: OutputFormat }): Promise<void> {
  const policies = await loadValidPolicies(io, [path]);
  const loaded = policies[0];
  if (!loaded || policies.length > 1) throw new ExitError(`${path} holds ${policies.length} policies; give one policy file`, ExitCode.usage);
  const { file, policy } = loaded;
  const names = policy.spec.regions.map((r) => r.name);
  if (options.target !== undefined && !names.includes(options.target)) {
    throw new ExitError(`--target ${options.target} is not a region of ${policy.metadata.name}; its regions are ${names.join(', ')}`, ExitCode.usage);
  }
  const { store } = await openStateStore(io.env(), stateDirOf(io, options.stateDir));
  const saved = await savedEngineState(store, policy, Date.now());
  const active = saved?.active ?? primaryOf(policy);
  const next = active === primaryOf(policy) ? policy.spec.regions.find((r) => r.role === 'secondary')?.name : primaryOf(policy);
  const target = policy.spec.regions.find((r) => r.name === (options.target ?? next));
  if (!target) throw new ExitError(`${policy.metadata.name} has no secondary region; name one with --target`, ExitCode.usage);
  if (target.name === active) throw new ExitError(`${target.name} already takes the traffic of ${policy.metadata.name}; check another region with --target (${names.filter((n) => n !== active).join(', ')})`, ExitCode.usage);
  const deps = await connect(io, policies);
  let document;
  try {
    if (options.fix) await fixAlwaysServe(io, deps, policy);
    const memory = await persistDeploymentsMemory(deps.deploymentsMemory, store, deps.clock, { onError: (error) => deps.logger.warn({ err: error }, 'could not save the deployments memory') });
    progress(io, `checking ${target.name} as failover target of ${policy.metadata.name} (traffic from ${active}) …`);
    const report = await createReadinessChecker(deps).check(policy, target.name, { source: active });
    await memory.flush();
    document = toReadinessDocument(file, policy, report, active);
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
    .argument('[policy]', 'a policy file (default: $AKSDR_POLICY)')
    .option('-t, --target <region>', 'the region to check as target (default: where the traffic would go next — the secondary, or the primary once the traffic has moved)')
    .option('--fix', 'with trafficManager.decider aksdr: set always-serve on the endpoints that lack it, then check')
    .addOption(stateDirOption())
    .addOption(outputFormatOption())
    .action(async (path: string | undefined, options: { target?: string; stateDir?: string; fix?: boolean; output: OutputFormat }) => check(io, policyPathOf(path, io.env()), options));
}
