// The closing lines of the demo: what each phase took, measured on the wall clock against the lab,
// from the moments the story saw and the step times the executor journaled.
import type { JournalRecord } from '../../engine/executor/journal.js';
import type { FailoverPolicy } from '../../policy/index.js';
import { formatDuration } from '../../policy/timing.js';
import type { RecoveryResult } from './demo-recovery.js';
import type { StoryResult } from './demo-story.js';

export interface SummaryInput {
  policy: FailoverPolicy;
  /** The policy's hold-down before the demo shortened it, in minutes. */
  policyHoldDownMinutes: number;
  startedAt: number;
  endedAt: number;
  story: StoryResult;
  failoverJournal: readonly JournalRecord[];
  recovery?: RecoveryResult;
  failbackJournal: readonly JournalRecord[];
  /** When the lab's simulated users had moved (99 % of their requests served by `region`). */
  users?: { movedAt: number; count: number; region: string; pace: 'azure' | 'fast'; timeScale: number };
}

function stepTime(journal: readonly JournalRecord[], kind: string, phase: 'started' | 'completed'): number | undefined {
  return journal.find((r) => r.kind === kind && r.phase === phase)?.at;
}

function span(from: number | undefined, to: number | undefined): string {
  if (from === undefined || to === undefined) return '—';
  const ms = Math.max(0, to - from);
  if (ms < 1_000) return `${ms} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(Math.round(ms / 1000));
}

export function summaryLines(input: SummaryInput): string[] {
  const { policy, story, failoverJournal: over, recovery, failbackJournal: back } = input;
  const { health, failover, objectives } = policy.spec;
  const opStart = stepTime(over, 'operation', 'started');
  const trafficMoved = stepTime(over, 'verifyTrafficManager', 'completed');
  const rows: [string, string, string][] = [
    ['detection', span(story.faultAt, opStart), `fault → failover started (${story.cyclesToDetect ?? '?'} probe cycles of ${health.intervalSeconds} s; Unhealthy after ${health.unhealthyAfter})`],
    ['readiness', span(opStart, stepTime(over, 'checkReadiness', 'completed')), 'failover started → target checked ready (a scale-up first, on a planned move)'],
    ['weight shift', span(stepTime(over, 'shiftWeights', 'started'), trafficMoved), 'weights written and read back from Traffic Manager'],
    ['scale-up', span(stepTime(over, 'scaleUp', 'started'), stepTime(over, 'scaleUp', 'completed')), 'node pool grown, new nodes Ready (after the shift: the region left is down)'],
    ['restore', span(stepTime(over, 'restore', 'started'), stepTime(over, 'verifyWorkloads', 'completed')), 'Velero restore completed, workloads raised to what the primary ran and verified'],
    ['outage → traffic moved', span(story.faultAt, trafficMoved), `weights moved and read back${objectives.rtoMinutes === undefined ? '' : ` (objective ${objectives.rtoMinutes} min)`}`],
    ...(input.users
      ? [['outage → users moved', span(story.faultAt, input.users.movedAt), `99 % of ${input.users.count} simulated users served by ${input.users.region}, DNS TTL included — the RTO users feel (lab at ${input.users.pace === 'azure' ? `Azure's pace ÷ ${input.users.timeScale}; aksdr's probing not scaled` : 'fast pace'})`] as [string, string, string]]
      : []),
    ['recovery', span(recovery?.healedAt, recovery?.healthyAt), `heal → primary Healthy (${health.healthyAfter} passing evaluations)`],
    ['hold-down', span(recovery?.healthyAt, recovery?.failbackStartedAt), `${failover.failbackHoldDownMinutes} min for the demo; ${input.policyHoldDownMinutes} min in the policy`],
    ['failback', span(recovery?.failbackStartedAt, stepTime(back, 'operation', 'completed')), 'failback started → traffic home and verified'],
    ['whole story', span(input.startedAt, input.endedAt), ''],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return ['Summary — measured on the wall clock against the lab:', ...rows.map(([name, took, what]) => `  ${name.padEnd(width)}  ${took.padStart(10)}  ${what}`)];
}
