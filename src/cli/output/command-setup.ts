// What `status` and `check` share before they can look at anything: the policies, loaded and
// validated (errors printed `file:line:col …` as `aksdr policy validate` prints them → exit 2), and
// the wired dependencies (a misconfigured environment or no Azure access → exit 2 with the reason).
import { InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { createDependencies, type Dependencies } from '../../app/dependencies.js';
import { isConfigurationError } from '../../app/errors.js';
import { createLogger } from '../../observability/logger.js';
import { formatDiagnostic, hasErrors, loadPolicies, type LoadedPolicy } from '../../policy/index.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { type CommandIo } from './command-io.js';

export type OutputFormat = 'text' | 'json';

/** `-o, --output text|json` (`table`, the old name of `text`, is still accepted). */
export function outputFormatOption(): Option {
  return new Option('-o, --output <format>', 'output format: text or json')
    .default('text')
    .argParser((value: string): OutputFormat => {
      if (value === 'text' || value === 'table') return 'text';
      if (value === 'json') return 'json';
      throw new InvalidArgumentError('expected text or json');
    });
}

export interface LoadOptions {
  /**
   * Go on with the valid policies when some files are invalid (each invalid one reported loudly on
   * stderr): a typo in one application's policy must not take DR away from every other one.
   */
  skipInvalid?: boolean;
}

export async function loadValidPolicies(io: CommandIo, paths: string[], options: LoadOptions = {}): Promise<LoadedPolicy[]> {
  const result = await loadPolicies(paths);
  if (hasErrors(result.diagnostics)) {
    for (const diagnostic of result.diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
    const invalid = [...new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file))];
    if (!options.skipInvalid || result.policies.length === 0) throw new ExitError(`invalid policy; fix the errors above (aksdr policy validate ${paths.join(' ')})`, ExitCode.usage);
    io.stderr(`aksdr: SKIPPING ${invalid.length} invalid policy file(s) (${invalid.join(', ')}): not watched until fixed; going on with ${result.policies.map((p) => p.policy.metadata.name).join(', ')}\n`);
  }
  if (result.policies.length === 0) throw new ExitError(`no policy found in ${paths.join(', ')}`, ExitCode.usage);
  return result.policies;
}

/** Builds the adapters and makes sure Azure can be reached with the credential at hand. */
export interface ConnectOptions {
  /**
   * pino level for the logs on stderr. One-shot commands print their own result — the alerts and
   * reasons included — and log only errors; the long-running loop logs its decisions (`info`).
   * AKSDR_LOG_LEVEL wins.
   */
  logLevel?: string;
}

export async function connect(io: CommandIo, policies: readonly LoadedPolicy[], options: ConnectOptions = {}): Promise<Dependencies> {
  let deps: Dependencies;
  try {
    // Logs go to stderr: stdout carries the table or the JSON document.
    const level = io.env().AKSDR_LOG_LEVEL ?? options.logLevel ?? 'error';
    deps = createDependencies({ env: io.env(), policies, logger: createLogger({ level, destination: pino.destination(2) }) });
  } catch (error) {
    if (isConfigurationError(error)) throw new ExitError(error.message, ExitCode.usage, { cause: error });
    throw error;
  }
  try {
    await deps.verifyAzureAccess();
  } catch (error) {
    await deps.close();
    if (isConfigurationError(error)) throw new ExitError(error.message, ExitCode.usage, { cause: error });
    throw error;
  }
  return deps;
}
