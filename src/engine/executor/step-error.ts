// Why a step failed, for code (a stable `code`), for people (the message) and for the journal and
// the outcome (`endpoints` left in place after a revert). Thrown by steps, caught by the executor.
import type { EndpointSettings } from '../../core/index.js';
import { isAdapterError } from '../../core/ports/adapter-error.js';

export type StepErrorCode =
  | 'NotReady'
  | 'TargetDegraded'
  | 'TrafficManagerMismatch'
  | 'RestoreFailed'
  | 'WorkloadsUnavailable'
  | 'NodesNotReady'
  | 'StepTimeout'
  | 'DeadlineExceeded'
  | 'Aborted'
  | 'PolicyMismatch';

const stepErrorMarker = Symbol.for('aksdr.StepError');

export class StepError extends Error {
  readonly [stepErrorMarker] = true;
  override readonly name = 'StepError';

  constructor(
    readonly code: StepErrorCode,
    message: string,
    readonly options: { endpoints?: EndpointSettings; evidence?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

export function isStepError(error: unknown): error is StepError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[stepErrorMarker] === true;
}

/** A stable code for any error a step may end with: ours, an adapter's, or an unexpected one. */
export function errorCodeOf(error: unknown): string {
  if (isStepError(error)) return error.code;
  if (isAdapterError(error)) return error.code;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return 'Aborted';
  return 'Unknown';
}

export function errorMessageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
