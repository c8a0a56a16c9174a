// How a command's result reads at the terminal and which exit code a pipeline sees: 0 done (or
// accepted), 1 the operation failed, 2 a usage mistake, 3 refused by a safety rule — with every
// rule's name and evidence printed, so the person knows what to fix or what `--force` would override.
import { describePlan, ruleDocs } from '../../../core/index.js';
import type { CommandResult } from '../../../engine/command-result.js';
import { ExitCode, ExitError } from '../../exit-error.js';
import type { CommandIo } from '../../output/command-io.js';
import { json, type EngineOutput } from './engine-setup.js';

export function exitCodeOf(result: CommandResult): number {
  switch (result.status) {
    case 'completed':
    case 'done':
    case 'started':
    case 'pending-approval':
    case 'unchanged':
      return ExitCode.ok;
    case 'expired':
    case 'nothing-to-do':
      return ExitCode.failed;
    case 'dry-run':
      return result.hold ? ExitCode.refused : ExitCode.ok;
    case 'failed':
      return ExitCode.failed;
    case 'invalid':
      return ExitCode.usage;
    case 'refused':
      return ExitCode.refused;
  }
}

export function printResult(io: CommandIo, policy: string, result: CommandResult, output: EngineOutput, path: string = policy): void {
  if (output === 'json') {
    json(io, { policy, ...result, exitCode: exitCodeOf(result) });
    return;
  }
  const lines: string[] = [];
  if (result.plan && (result.status === 'dry-run' || result.status === 'pending-approval' || result.status === 'refused')) lines.push(...describePlan(result.plan), '');
  if (result.hold) {
    lines.push(`refused by ${result.hold.rules.join(', ')}:`);
    for (const violation of result.hold.violations) {
      lines.push(`  ${violation.rule}: ${violation.message}`, `    evidence: ${JSON.stringify(violation.evidence)}`, `    (${ruleDocs[violation.rule]})`);
    }
  }
  for (const reason of result.reasons) lines.push(`${reason.code}: ${reason.message}`);
  if (result.outcome) lines.push(`${result.outcome.operationId} ${result.outcome.result}: ${result.outcome.reason}`);
  const next: Partial<Record<CommandResult['status'], string>> = {
    'pending-approval': `approve with: aksdr approve ${path} ${result.operationId ?? ''}`,
    failed: `look at: aksdr history ${path}; then release the hold with: aksdr resume ${path} --reason TEXT`,
    refused: result.hold ? `override (if you know better) with: --force ${result.hold.rules.join(',')} --reason TEXT` : undefined,
    started: `still running; follow it with: aksdr history ${path}`,
    'nothing-to-do': `nothing was done; see: aksdr plan ${path}`,
    expired: `nothing was done; see: aksdr plan ${path}`,
  };
  const hint = next[result.status];
  lines.push(`${policy}: ${result.status} (state ${result.state})${hint ? `\n${hint}` : ''}`);
  io.stdout(`${lines.join('\n')}\n`);
}

/** Ends the command with the result's exit code (silently: the result is already printed). */
export function finish(result: CommandResult): void {
  const code = exitCodeOf(result);
  if (code !== ExitCode.ok) throw new ExitError(`${result.status}`, code, { silent: true });
}
