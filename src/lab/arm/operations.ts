// Long-running ARM operations (agent-pool scale, cluster start/stop) as records that complete on
// the lab clock: nothing runs in the background, `settle()` applies every operation whose time has
// come, and the ARM handler calls it before answering, so a ManualClock drives them.
// The status endpoints are AKS's: `…/locations/{loc}/operations/{id}` (Azure-AsyncOperation) and
// `…/locations/{loc}/operationresults/{id}` (Location).
import { randomUUID } from 'node:crypto';
import type { LabContext } from '../context.js';
import { json } from '../http/handler.js';
import { aksOperationApiVersion } from './api-versions.js';
import { ArmError } from './errors.js';
import type { ArmRoute } from './router.js';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

export interface ArmOperation {
  id: string;
  subscriptionId: string;
  location: string;
  /** The resource the operation changes (a cluster or agent pool id), for conflicts and pending reads. */
  resourceId: string;
  /** What AKS would call it in a conflict message, e.g. `scale agentpool`. */
  description: string;
  startedAt: number;
  completesAt: number;
  status: OperationStatus;
  endedAt?: number;
  error?: { code: string; message: string };
  /** Desired agent-pool count while scaling, shown on reads like AKS does. */
  pendingCount?: number;
  /** Applies the change; throwing an ArmError fails the operation with that error. */
  complete: () => void;
}

export interface StartOperation {
  location: string;
  resourceId: string;
  description: string;
  pendingCount?: number;
  /** How long the operation runs on the lab clock (default `timing.armOperationMs`). */
  durationMs?: number;
  complete: () => void;
}

const providerPrefix = 'subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/locations/{location}';

export class ArmOperations {
  private readonly operations = new Map<string, ArmOperation>();

  constructor(private readonly ctx: LabContext) {}

  start(request: StartOperation): ArmOperation {
    this.settle();
    const now = this.ctx.clock.now();
    const operation: ArmOperation = {
      ...request,
      id: randomUUID(),
      subscriptionId: this.ctx.world.identity.subscriptionId,
      startedAt: now,
      completesAt: now + (request.durationMs ?? this.ctx.timing.armOperationMs),
      status: 'InProgress',
    };
    this.operations.set(operation.id, operation);
    return operation;
  }

  get(id: string): ArmOperation | undefined {
    this.settle();
    return this.operations.get(id.toLowerCase());
  }

  /** The operation in progress on this resource or one beneath it (an agent pool of a cluster). */
  inProgress(resourceId: string): ArmOperation | undefined {
    this.settle();
    const prefix = resourceId.toLowerCase();
    for (const op of this.operations.values()) {
      const id = op.resourceId.toLowerCase();
      if (op.status === 'InProgress' && (id === prefix || id.startsWith(`${prefix}/`) || prefix.startsWith(`${id}/`))) return op;
    }
    return undefined;
  }

  /** Complete every operation whose time has come, oldest first. */
  settle(): void {
    const now = this.ctx.clock.now();
    const due = [...this.operations.values()].filter((op) => op.status === 'InProgress' && op.completesAt <= now).sort((a, b) => a.completesAt - b.completesAt);
    for (const op of due) {
      try {
        op.complete();
        op.status = 'Succeeded';
      } catch (error) {
        op.status = 'Failed';
        op.error = error instanceof ArmError ? { code: error.code, message: error.message } : { code: 'InternalOperationError', message: 'The operation failed in the lab.' };
      }
      op.endedAt = op.completesAt;
    }
  }

  /** Headers of the initial response: where to poll and how soon. */
  pollingHeaders(op: ArmOperation, withLocation: boolean): Record<string, string> {
    const base = `${this.ctx.urls.arm}/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerService/locations/${op.location}`;
    // AKS writes its own operations api-version into these URLs, whatever version the caller used.
    const query = `?api-version=${aksOperationApiVersion}`;
    return {
      'azure-asyncoperation': `${base}/operations/${op.id}${query}`,
      ...(withLocation ? { location: `${base}/operationresults/${op.id}${query}` } : {}),
      'retry-after': String(this.ctx.timing.lroRetryAfterSeconds),
    };
  }
}

export function operationRoutes(): ArmRoute[] {
  return [
    {
      template: `${providerPrefix}/operations/{operationId}`,
      regionOf: ({ params }) => params.location,
      regionalProvider: true,
      methods: {
        GET: ({ state, params, ctx }) => {
          const op = findOperation(state.operations, params.operationId, params.location);
          const body: Record<string, unknown> = {
            id: `/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerService/locations/${op.location}/operations/${op.id}`,
            name: op.id,
            status: op.status,
            startTime: iso(op.startedAt),
            percentComplete: percentComplete(op, ctx.clock.now()),
          };
          if (op.endedAt !== undefined) body.endTime = iso(op.endedAt);
          if (op.error) body.error = op.error;
          const headers: Record<string, string> = op.status === 'InProgress' ? { 'retry-after': String(ctx.timing.lroRetryAfterSeconds) } : {};
          return json(200, body, headers);
        },
      },
    },
    {
      template: `${providerPrefix}/operationresults/{operationId}`,
      regionOf: ({ params }) => params.location,
      regionalProvider: true,
      methods: {
        GET: ({ state, params, ctx }) => {
          const op = findOperation(state.operations, params.operationId, params.location);
          if (op.status === 'InProgress') return { status: 202, headers: { ...state.operations.pollingHeaders(op, true), 'retry-after': String(ctx.timing.lroRetryAfterSeconds) } };
          if (op.status === 'Failed') return json(400, { error: op.error });
          return { status: 204 };
        },
      },
    },
  ];
}

function findOperation(operations: ArmOperations, id: string | undefined, location: string | undefined): ArmOperation {
  const op = id ? operations.get(id) : undefined;
  if (!op || op.location.toLowerCase() !== (location ?? '').toLowerCase()) {
    throw new ArmError(404, 'NotFound', `Operation '${id ?? ''}' was not found in location '${location ?? ''}'.`);
  }
  return op;
}

/** How far along the operation is on the lab clock, 100 once it has ended. */
function percentComplete(op: ArmOperation, nowMs: number): number {
  if (op.status !== 'InProgress') return 100;
  const span = op.completesAt - op.startedAt;
  return span <= 0 ? 0 : Math.min(99, Math.floor(((nowMs - op.startedAt) / span) * 100));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
