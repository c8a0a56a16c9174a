// The engine's state between two decisions: a discriminated union persisted as JSON (with a
// schemaVersion) in the state store. Every variant carries what the rules need: the region taking
// the traffic, the endpoints as we set them, and the failover history for dwell and rate limit.
import type { FailoverPolicy } from '../../policy/schema.js';
import type { RegionName } from '../observation.js';
import { steadyEndpoints } from '../plan/endpoints.js';
import type { EndpointSettings, Plan } from '../plan/plan-types.js';
import type { Violation } from './decision.js';

export const ENGINE_STATE_SCHEMA_VERSION = 1;

interface EngineBase {
  schemaVersion: typeof ENGINE_STATE_SCHEMA_VERSION;
  /** The region taking the traffic. */
  active: RegionName;
  /** Epoch ms since `active` has taken the traffic. */
  activeSince: number;
  /** The endpoints as aksdr last set them (steady, or a completed plan's final endpoints). */
  endpoints: EndpointSettings;
  /** Epoch ms of each failover started, pruned to the rate-limit window. */
  failoverHistory: number[];
  /** Epoch ms of the latest failover started (dwell counts from here). */
  lastFailoverAt?: number;
  /** Epoch ms when `endpoints` last changed by aksdr's hand (an operation ended); a profile read older than this is not compared. */
  endpointsSetAt?: number;
  /** The latest routing drift adopted from the profile (someone else moved the traffic), until aksdr moves it again. */
  routingDrift?: AdoptedDrift;
  /** The region readied for traffic Traffic Manager's monitor sent there (decider trafficManager / both), until the active endpoint is served again. */
  prepared?: { region: RegionName; at: number; operationId: string; ok: boolean };
}

/** A routing drift the engine adopted: what it believed, what the profile had, when. */
export interface AdoptedDrift {
  at: number;
  message: string;
  believedActive?: RegionName;
  observedActive?: RegionName;
}

/** Why the engine holds: doubt (clears by itself when the doubt does) or a failed operation (a person resumes). */
export type HeldReason = 'all-regions-down' | 'vantage-disagrees' | 'operation-failed';

/** The primary takes the traffic and nothing is wrong with it (it may be Suspect). */
export interface SteadyState extends EngineBase {
  kind: 'Steady';
}
/** The active region is Unhealthy and aksdr is not acting: rules refuse, or it only recommends. */
export interface DegradedState extends EngineBase {
  kind: 'Degraded';
  since: number;
  violations: Violation[];
}
/** A plan awaits `aksdr approve <operationId>` (a failover, or a failback: see `plan.kind`). */
export interface FailoverPendingState extends EngineBase {
  kind: 'FailoverPending';
  operationId: string;
  plan: Plan;
  since: number;
}
export interface FailingOverState extends EngineBase {
  kind: 'FailingOver';
  operationId: string;
  plan: Plan;
  startedAt: number;
}
/** A secondary takes the traffic. */
export interface FailedOverState extends EngineBase {
  kind: 'FailedOver';
  since: number;
  /** Epoch ms when a failback was first offered (manual failback), so the offer is announced once. */
  failbackOfferedAt?: number;
}
export interface FailingBackState extends EngineBase {
  kind: 'FailingBack';
  operationId: string;
  plan: Plan;
  startedAt: number;
}
export interface HeldState extends EngineBase {
  kind: 'Held';
  reason: HeldReason;
  since: number;
  violations: Violation[];
}

export type EngineState = SteadyState | DegradedState | FailoverPendingState | FailingOverState | FailedOverState | FailingBackState | HeldState;
export type EngineStateKind = EngineState['kind'];
export const engineStateKinds: readonly EngineStateKind[] = ['Steady', 'Degraded', 'FailoverPending', 'FailingOver', 'FailedOver', 'FailingBack', 'Held'];

/** The common fields of any state, to build the next one from. */
export type EngineBaseFields = EngineBase;

export function baseOf(state: EngineBase): EngineBase {
  const { schemaVersion, active, activeSince, endpoints, failoverHistory, lastFailoverAt, endpointsSetAt, routingDrift, prepared } = state;
  return {
    schemaVersion,
    active,
    activeSince,
    endpoints,
    failoverHistory,
    ...(lastFailoverAt === undefined ? {} : { lastFailoverAt }),
    ...(endpointsSetAt === undefined ? {} : { endpointsSetAt }),
    ...(routingDrift === undefined ? {} : { routingDrift }),
    ...(prepared === undefined ? {} : { prepared }),
  };
}

export function primaryOf(policy: FailoverPolicy): RegionName {
  const primary = policy.spec.regions.find((region) => region.role === 'primary') ?? policy.spec.regions[0];
  if (!primary) throw new Error('policy has no regions');
  return primary.name;
}

/** A controller starting on a policy for the first time: primary active, steady endpoints. */
export function initialEngineState(policy: FailoverPolicy, now: number): SteadyState {
  return { kind: 'Steady', schemaVersion: ENGINE_STATE_SCHEMA_VERSION, active: primaryOf(policy), activeSince: now, endpoints: steadyEndpoints(policy), failoverHistory: [] };
}
