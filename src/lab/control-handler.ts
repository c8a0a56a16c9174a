// The lab's control API (loopback, plain HTTP): inject and heal faults, read the world's state.
// Mutations need the bearer token written to lab.json, so nothing else on the machine breaks the lab.
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { LabContext } from './context.js';
import { faultKinds, isArmFaultKind, type Fault, type FaultKind, type FaultOptions } from './faults.js';
import { deadModes, json, readJson, type LabHandler, type LabRequest } from './http/handler.js';
import type { LabState } from './lab-state.js';

export const faultRequestSchema = z.strictObject({
  region: z.string().min(1),
  kind: z.enum(faultKinds),
  rate: z.number().gt(0).lte(1).optional(),
  count: z.number().int().positive().optional(),
  latencyMs: z.number().int().nonnegative().max(600_000).optional(),
  retryAfterSeconds: z.number().int().nonnegative().max(3600).optional(),
  budget: z.number().int().nonnegative().max(100_000).optional(),
  method: z.string().min(1).optional(),
  pathContains: z.string().min(1).optional(),
  phase: z.enum(['Failed', 'PartiallyFailed']).optional(),
  mode: z.enum(deadModes).optional(),
});
export type FaultRequest = z.infer<typeof faultRequestSchema>;

const healRequestSchema = z.strictObject({ region: z.string().min(1).optional() });

export interface ControlActions {
  inject(region: string, kind: FaultKind, options: FaultOptions): Fault;
  heal(region?: string): Fault[];
  tick(): void;
  state(): LabState;
}

function authorized(request: LabRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.replace(/^Bearer\s+/i, ''));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function problem(status: number, message: string, details?: unknown): ReturnType<typeof json> {
  return json(status, { error: { message, ...(details === undefined ? {} : { details }) } });
}

export function createControlHandler(ctx: LabContext, controlToken: string, actions: ControlActions): LabHandler {
  const regions = (): string[] => ctx.world.clusters.map((c) => c.region);
  return (request) => {
    const { method } = request;
    const path = request.url.pathname.replace(/\/+$/, '');
    if (method === 'GET' && path === '/v1/state') return json(200, actions.state());
    if (method === 'GET' && path === '/v1/faults') return json(200, { faults: ctx.faults.list() });
    if (method !== 'POST') return problem(404, `no route for ${method} ${path}`);
    if (!authorized(request, controlToken)) return problem(401, 'missing or wrong control token (see controlToken in lab.json)');

    const body = readJson(request);
    if (body instanceof Error) return problem(400, `request body is not JSON: ${body.message}`);
    if (path === '/v1/faults') {
      const parsed = faultRequestSchema.safeParse(body ?? {});
      if (!parsed.success) return problem(400, 'invalid fault request', z.flattenError(parsed.error));
      const { region, kind, ...options } = parsed.data;
      if (region === '*' ? !isArmFaultKind(kind) : !regions().includes(region)) {
        return problem(400, region === '*' ? `fault ${kind} needs a region (one of ${regions().join(', ')})` : `unknown region '${region}'; the lab has ${regions().join(', ')}`);
      }
      return json(201, { fault: actions.inject(region, kind, options) });
    }
    if (path === '/v1/heal') {
      const parsed = healRequestSchema.safeParse(body ?? {});
      if (!parsed.success) return problem(400, 'invalid heal request', z.flattenError(parsed.error));
      const { region } = parsed.data;
      if (region !== undefined && region !== '*' && !regions().includes(region)) return problem(400, `unknown region '${region}'`);
      return json(200, { healed: actions.heal(region) });
    }
    if (path === '/v1/tick') {
      actions.tick();
      return json(200, { ok: true });
    }
    return problem(404, `no route for ${method} ${path}`);
  };
}
