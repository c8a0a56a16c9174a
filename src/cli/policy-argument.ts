// The policy a command works on: named on the command line, or — as `source <lab>/env` and a service's
// environment set it — `$AKSDR_POLICY`, the same default `aksdr status --policy` has.
import { ExitCode, ExitError } from './exit-error.js';

export const policyArgumentHelp = 'policy file or directory (default: $AKSDR_POLICY)';

/** `how`: how this command takes a policy, for the message when none is given. */
export function policyPathOf(given: string | undefined, env: Readonly<Record<string, string | undefined>>, how = 'name a policy file (or directory)'): string {
  const path = given ?? env.AKSDR_POLICY;
  if (!path) throw new ExitError(`no policy given: ${how}, or set AKSDR_POLICY`, ExitCode.usage);
  return path;
}
