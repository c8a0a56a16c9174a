// `aksdr policy validate|schema|explain`: parse arguments, call the policy model, print. Expected
// failures (an invalid policy) end in an ExitError with exit code 2; the entry point exits.
import { Option, type Command } from 'commander';
import { ExitCode, ExitError } from '../exit-error.js';
import {
  explainPolicy,
  formatAzureDevOpsIssue,
  formatDiagnostic,
  formatSummary,
  hasErrors,
  loadPolicies,
  renderPolicyJsonSchema,
  renderPolicyYaml,
  toValidationReport,
  type FailoverPolicy,
  type HealthSpec,
  type PolicyDiagnostic,
} from '../../policy/index.js';
import { defaultVerdictRule, describeVerdictRule } from '../../core/health/verdict.js';
import { noiseFigures, type NoiseFigure } from '../../core/health/noise.js';

/** Where the commands write; tests and embedders may substitute it. */
export interface PolicyCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: () => Readonly<Record<string, string | undefined>>;
}

const processIo: PolicyCommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: () => process.env,
};

type OutputFormat = 'text' | 'json';
const outputOption = (): Option => new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text');

/** In Azure Pipelines (TF_BUILD set) each diagnostic also becomes an annotation on the file. */
function writeAzureDevOpsIssues(io: PolicyCommandIo, diagnostics: readonly PolicyDiagnostic[], write: (text: string) => void): void {
  if (!io.env().TF_BUILD) return;
  for (const diagnostic of diagnostics) write(`${formatAzureDevOpsIssue(diagnostic)}\n`);
}

async function validate(io: PolicyCommandIo, paths: string[], output: OutputFormat): Promise<void> {
  const result = await loadPolicies(paths);
  if (output === 'json') {
    io.stdout(`${JSON.stringify(toValidationReport(result), null, 2)}\n`);
    // stdout must stay one JSON document; the agent reads logging commands from stderr as well.
    writeAzureDevOpsIssues(io, result.diagnostics, io.stderr);
  } else {
    for (const diagnostic of result.diagnostics) io.stdout(`${formatDiagnostic(diagnostic)}\n`);
    writeAzureDevOpsIssues(io, result.diagnostics, io.stdout);
    io.stdout(`${formatSummary(result)}\n`);
  }
  if (hasErrors(result.diagnostics)) throw new ExitError('policy validation failed', ExitCode.usage, { silent: true });
}

async function explain(io: PolicyCommandIo, file: string, output: OutputFormat): Promise<void> {
  const result = await loadPolicies([file]);
  const loaded = result.policies[0];
  if (!loaded) {
    if (output === 'json') io.stdout(`${JSON.stringify({ ...toValidationReport(result) }, null, 2)}\n`);
    else for (const diagnostic of result.diagnostics) io.stdout(`${formatDiagnostic(diagnostic)}\n`);
    throw new ExitError(`${file} is not a valid policy; fix the errors above (aksdr policy validate ${file})`, ExitCode.usage, { silent: output === 'json' });
  }
  const explanation = explainPolicy(loaded.policy);
  const outage = outageOf(loaded.policy);
  if (output === 'json') {
    io.stdout(`${JSON.stringify({ file: loaded.file, ...explanation, outage, policy: loaded.policy, diagnostics: result.diagnostics }, null, 2)}\n`);
    return;
  }
  for (const diagnostic of result.diagnostics) io.stdout(`${formatDiagnostic(diagnostic)}\n`);
  io.stdout(`Policy ${explanation.name} (${loaded.file})\n\nWhat it does when the primary fails:\n`);
  for (const line of explanation.summary) io.stdout(`  - ${line}\n`);
  io.stdout(`\nOutage rule (health.outage: ${typeof outage.rule === 'string' ? outage.rule : `{ quorum: ${outage.rule.quorum} }`}): ${outage.verdict}.\n`);
  io.stdout(`  Detection floor: ${outage.floorSeconds} s (${outage.failedEvaluations} failed evaluations × ${loaded.policy.spec.health.intervalSeconds} s), + ${loaded.policy.spec.health.timeoutSeconds} s when probes hang until their timeout.\n`);
  for (const figure of outage.noise) {
    io.stdout(`  With ${Math.round(figure.rate * 100)} % independent probe noise: an evaluation fails with p = ${formatProbability(figure.perEvaluation)}; a false Unhealthy within a day: ${figure.perDay === undefined ? 'not computed (window larger than 10)' : formatProbability(figure.perDay)}.\n`);
  }
  io.stdout('\nEffective policy, defaults filled in:\n\n');
  io.stdout(renderPolicyYaml(loaded.policy, { schemaComment: '', describeFields: false }));
}

/** The policy's outage rule in words, its detection floor, and its false-alarm odds under noise. */
function outageOf(policy: FailoverPolicy): { rule: HealthSpec['outage']; verdict: string; failedEvaluations: number; floorSeconds: number; noise: NoiseFigure[] } {
  const { health } = policy.spec;
  const failedEvaluations = health.window ? health.window.failures : health.unhealthyAfter;
  return { rule: health.outage, verdict: describeVerdictRule(defaultVerdictRule(health)), failedEvaluations, floorSeconds: failedEvaluations * health.intervalSeconds, noise: noiseFigures(health) };
}

function formatProbability(p: number): string {
  if (p >= 0.999_5) return '≈ 1 (certain)';
  if (p >= 0.001) return p.toFixed(3);
  return p === 0 ? '0' : p.toExponential(1);
}

export function registerPolicyCommands(program: Command, io: PolicyCommandIo = processIo): void {
  const policy = program.command('policy').description('Validate, explain and describe DR policies.');

  policy
    .command('validate')
    .description('Validate policy files or directories; exit 0 when valid (warnings allowed), 2 when not.')
    .argument('<paths...>', 'policy files (*.yaml, *.yml) or directories of them')
    .addOption(outputOption())
    .action(async (paths: string[], options: { output: OutputFormat }) => validate(io, paths, options.output));

  policy
    .command('schema')
    .description('Print the JSON Schema of the policy format.')
    .action(() => io.stdout(renderPolicyJsonSchema()));

  policy
    .command('explain')
    .description('Print the effective policy with defaults and what it implies in time.')
    .argument('<file>', 'a policy file')
    .addOption(outputOption())
    .action(async (file: string, options: { output: OutputFormat }) => explain(io, file, options.output));
}
