// `aksdr history <policy>`: the audit trail — decisions, commands, overrides, alerts and operation
// outcomes — oldest first, filtered by `--since` (an ISO time or an age such as 30m, 6h, 2d).
// Reads the state store only: no Azure access needed.
import { policyArgumentHelp, policyPathOf } from '../../policy-argument.js';
import { Option, type Command } from 'commander';
import { loadValidPolicies } from '../../output/command-setup.js';
import { AuditTrail, auditKinds, type AuditKind } from '../../../state/audit-trail.js';
import { openStateStore } from '../../../app/state-store.js';
import { ExitCode, ExitError } from '../../exit-error.js';
import { json, outputOption, stateDirOf, stateDirOption, type EngineCommandIo, type EngineOutput } from './engine-setup.js';

const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseSince(text: string, now: number): Date {
  const age = /^(\d+)([smhd])$/.exec(text.trim());
  if (age) return new Date(now - Number(age[1]) * (units[age[2] ?? 's'] ?? 1_000));
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new ExitError(`--since ${text}: give an ISO time (2026-11-23T14:00:00Z) or an age (30m, 6h, 2d)`, ExitCode.usage);
  return new Date(at);
}

interface HistoryOptions {
  since?: string;
  kind?: AuditKind[];
  limit?: number;
  stateDir?: string;
  output: EngineOutput;
}

async function history(io: EngineCommandIo, path: string, options: HistoryOptions): Promise<void> {
  const policies = await loadValidPolicies(io, [path]);
  const trail = new AuditTrail((await openStateStore(io.env(), stateDirOf(io, options.stateDir))).store);
  const since = options.since ? parseSince(options.since, Date.now()) : undefined;
  for (const { policy } of policies) {
    const records = await trail.query(policy.metadata.name, { ...(since ? { since } : {}), ...(options.kind ? { kinds: options.kind } : {}), ...(options.limit ? { limit: options.limit } : {}) });
    if (options.output === 'json') {
      json(io, { policy: policy.metadata.name, records });
      continue;
    }
    if (records.length === 0) io.stdout(`${policy.metadata.name}: nothing recorded${since ? ` since ${since.toISOString()}` : ''}\n`);
    for (const r of records) io.stdout(`${r.at}  ${r.kind.padEnd(8)}  ${r.summary}${r.rules?.length ? `  [${r.rules.join(', ')}]` : ''}${r.by ? `  by ${r.by}` : ''}\n`);
  }
}

export function registerHistoryCommand(program: Command, io: EngineCommandIo): void {
  program
    .command('history')
    .description('Show the audit trail of a policy: decisions, commands, overrides, alerts, outcomes.')
    .argument('[policy]', policyArgumentHelp)
    .option('--since <when>', 'only records since an ISO time or an age (30m, 6h, 2d)')
    .addOption(new Option('--kind <kinds...>', 'only these kinds').choices([...auditKinds]))
    .option('--limit <n>', 'only the newest n records', (v) => Number(v))
    .addOption(stateDirOption())
    .addOption(outputOption())
    .action((path: string | undefined, options: HistoryOptions) => history(io, policyPathOf(path, io.env()), options));
}
