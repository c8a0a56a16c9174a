// What `status` and `check` share before they can look at anything: the policies, loaded and
// validated (errors printed `file:line:col …` as `aksdr policy validate` prints them → exit 2), and
// the wired dependencies (a misconfigured environment or no Azure access → exit 2 with the reason).
import { pino } from 'pino';
import { createDependencies, type Dependencies } from '../../app/dependencies.js';
import { isConfigurationError } from '../../app/errors.js';
import { createLogger } from '../../observability/logger.js';
import { formatDiagnostic, hasErrors, loadPolicies, type LoadedPolicy } from '../../policy/index.js';
import { ExitCode, ExitError } from '../exit-error.js';
import { type CommandIo } from './command-io.js';

export type OutputFormat = 'table' | 'json';

export async function loadValidPolicies(io: CommandIo, paths: string[]): Promise<LoadedPolicy[]> {
  const result = await loadPolicies(paths);
  if (hasErrors(result.diagnostics)) {
    for (const diagnostic of result.diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
    throw new ExitError(`invalid policy; fix the errors above (aksdr policy validate ${paths.join(' ')})`, ExitCode.usage);
  }
  if (result.policies.length === 0) throw new ExitError(`no policy found in ${paths.join(', ')}`, ExitCode.usage);
  return result.policies;
}

/** Builds the adapters and makes sure Azure can be reached with the credential at hand. */
export async function connect(io: CommandIo, policies: readonly LoadedPolicy[]): Promise<Dependencies> {
  let deps: Dependencies;
  try {
    // Logs go to stderr: stdout carries the table or the JSON document.
    deps = createDependencies({ env: io.env(), policies, logger: createLogger({ destination: pino.destination(2) }) });
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
