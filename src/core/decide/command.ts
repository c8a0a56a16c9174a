// What a person (CLI, API) asks of the engine, and what the executor reports back. Data only.
import type { RegionName } from '../observation.js';
import type { EndpointSettings } from '../plan/plan-types.js';
import type { Force } from './rules/evaluate-rules.js';

export type { Force } from './rules/evaluate-rules.js';

export type Command =
  /** Move traffic to `to`. `force` overrides named rules; `dryRun` plans and checks, changes nothing. */
  | { kind: 'failover'; to: RegionName; by: string; force?: Force; dryRun?: boolean; drill?: string }
  /** Move traffic back to the primary. `drill`: the id of the DR drill this move belongs to. */
  | { kind: 'failback'; by: string; force?: Force; dryRun?: boolean; drill?: string }
  /** Approve the plan awaiting approval. */
  | { kind: 'approve'; operationId: string; by: string }
  /** Release a Held engine (e.g. after a failed operation) once a person has looked. */
  | { kind: 'resume'; by: string; reason: string };

/** The executor's report on an operation: how it ended, and the endpoints it left in place. */
export interface OperationOutcome {
  operationId: string;
  result: 'succeeded' | 'failed';
  reason: string;
  /** The endpoints after the operation (after a revert, for a failed one); absent: as planned / unchanged. */
  endpoints?: EndpointSettings;
}
