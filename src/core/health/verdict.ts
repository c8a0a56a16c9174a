// The per-evaluation verdict of a region: did THIS probe cycle show an outage? How signals combine
// is the heart of "noise vs outage", so it is a named, documented rule the policy can be read against.
//
// Why not "any signal failing": with 5 signals each failing independently 30% of the time, some
// signal fails in 83% of cycles, and with unhealthyAfter 3 a flapping region would fail over within
// minutes. Majority (3 of 5) is not enough either: a cycle fails 16% of the time and 500 cycles see
// three failed cycles in a row with probability 0.84; "apiServer and app both down" fails 9% of
// cycles (0.28 over 500). Noise is independent; a real outage is correlated: when a region or its
// cluster is down, the API server, the nodes and workloads read through it, and the app behind it
// fail TOGETHER. So a cycle fails only when every serving signal fails. The ARM view of the cluster
// (`aks`: provisioning / power state) may still say Succeeded during a data-plane outage — ARM's
// resource state lags the region — so it corroborates but is not required. With the default five
// signals a cycle then fails with p^4 = 0.0081 at p = 0.3, and a false Unhealthy over 500 cycles has
// probability 2.6e-4 (computed in test/core/health/flapping-simulation.test.ts).
//
// What it gives up: an outage that leaves one serving signal passing (e.g. the API server answering
// while the app is down behind it) is not an outage by this rule; the failing signals still show in
// the region's health and a person can fail over by command. That is the default (`health.outage:
// regional`). A team whose DR trigger is the application itself — a regional database, storage
// account or identity endpoint down while the cluster looks fine — chooses `application` (the app
// signal alone), or `{ quorum: k }`; `aksdr policy explain` shows what each costs in false alarms.
import type { HealthSpec } from '../../policy/schema.js';
import type { Observation, SignalName } from '../observation.js';

/** `trafficManager` is Azure's vantage point, judged separately (see doubt.ts), never one of ours. */
export function countedSignals(health: Pick<HealthSpec, 'signals'>): SignalName[] {
  return [...new Set(health.signals)].filter((signal) => signal !== 'trafficManager');
}

/** Signals that corroborate an outage but are not required for one. */
export const corroboratingSignals: readonly SignalName[] = ['aks'];

/**
 * An evaluation fails when every `mustFail` signal fails and at least `minFailed` counted signals fail.
 * Expresses both a quorum (`mustFail: []`, `minFailed: k`) and a decisive combination.
 */
export interface VerdictRule {
  signals: SignalName[];
  mustFail: SignalName[];
  minFailed: number;
}

/**
 * The policy's outage rule as a verdict rule (`health.outage`):
 * - `regional` (default): every serving signal must fail; aks corroborates (see the header above);
 * - `application`: the app signal failing is enough (a regional dependency down, the cluster up);
 * - `{ quorum: k }`: any k of the counted signals failing together.
 */
export function defaultVerdictRule(health: Pick<HealthSpec, 'signals'> & { outage?: HealthSpec['outage'] }): VerdictRule {
  const signals = countedSignals(health);
  const outage = health.outage ?? 'regional';
  if (outage === 'application' && signals.includes('app')) return { signals, mustFail: ['app'], minFailed: 1 };
  if (typeof outage === 'object') return { signals, mustFail: [], minFailed: Math.max(1, Math.min(outage.quorum, signals.length)) };
  const serving = signals.filter((signal) => !corroboratingSignals.includes(signal));
  const mustFail = serving.length > 0 ? serving : signals;
  return { signals, mustFail, minFailed: mustFail.length };
}

export function describeVerdictRule(rule: VerdictRule): string {
  const optional = rule.signals.filter((signal) => !rule.mustFail.includes(signal));
  const all = `an evaluation fails when ${rule.mustFail.length === 1 ? '' : 'all of '}${rule.mustFail.join(', ')} fail${rule.mustFail.length === 1 ? 's' : ''}`;
  const extra = rule.minFailed > rule.mustFail.length ? ` and at least ${rule.minFailed} of ${rule.signals.join(', ')} fail` : '';
  return optional.length > 0 ? `${all}${extra} (${optional.join(', ')} corroborate${optional.length === 1 ? 's' : ''} but ${optional.length === 1 ? 'is' : 'are'} not required)` : `${all}${extra}`;
}

export interface SignalOutcome {
  signal: SignalName;
  ok: boolean;
  reason: string;
  /** `trafficManager` only: the longest its monitor takes to see a dead endpoint (from the profile's monitorConfig). */
  lagSeconds?: number;
}

export interface EvaluationVerdict {
  failed: boolean;
  /** Counted signals, in rule order, with their outcome; a missing observation counts as failed. */
  signals: SignalOutcome[];
  failedSignals: SignalName[];
}

/** The latest observation of a signal wins when a cycle holds several. */
function latestOf(observations: readonly Observation[], signal: SignalName): Observation | undefined {
  let latest: Observation | undefined;
  for (const observation of observations) {
    if (observation.signal === signal && (latest === undefined || observation.at >= latest.at)) latest = observation;
  }
  return latest;
}

export function evaluateVerdict(rule: VerdictRule, observations: readonly Observation[]): EvaluationVerdict {
  const signals: SignalOutcome[] = rule.signals.map((signal) => {
    const observation = latestOf(observations, signal);
    // Not observed is not evidence of health: a probe that did not report is treated as failed.
    return observation ? { signal, ok: observation.ok, reason: observation.reason } : { signal, ok: false, reason: 'not observed in this cycle' };
  });
  const failedSignals = signals.filter((outcome) => !outcome.ok).map((outcome) => outcome.signal);
  const failed = rule.mustFail.every((signal) => failedSignals.includes(signal)) && failedSignals.length >= rule.minFailed && failedSignals.length > 0;
  return { failed, signals, failedSignals };
}

/** Azure Traffic Manager's own monitor, when the cycle observed it. */
export function trafficManagerView(observations: readonly Observation[]): SignalOutcome | undefined {
  const observation = latestOf(observations, 'trafficManager');
  if (!observation) return undefined;
  const lag = observation.detail?.monitorLagSeconds;
  return { signal: 'trafficManager', ok: observation.ok, reason: observation.reason, ...(typeof lag === 'number' ? { lagSeconds: lag } : {}) };
}
