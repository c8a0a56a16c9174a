// How faults show through ARM.
//
// ARM faults (arm-5xx, arm-slow, arm-drop; arm-throttle lowers the throttle's budget, see
// throttling.ts) act at ARM's front door, after the
// request is authenticated (real ARM authenticates before it throttles: its limits are per
// principal and subscription) and after the path is understood (they can be scoped to the region
// whose resources the path touches), but before the resource provider is asked, so a throttled
// request never changes anything.
//
// `region-down` on R makes ARM's call to R's regional resource provider (AKS) fail as a real
// regional outage does: ARM's front door (a global service) stays up and answers 504
// GatewayTimeout naming the provider. With the fault's default mode, `blackhole`, the provider never
// answers, so ARM answers only after its own gateway timeout (`timing.armGatewayTimeoutMs`, 60 s as
// ARM's request timeout; most clients give up before); with `refused` or `reset` the provider's
// connection fails at once and so does ARM's answer. Global services (Traffic Manager) and ACR's
// control plane stay reachable; they show the outage in their data.
import { randomUUID } from 'node:crypto';
import type { LabContext } from '../context.js';
import { deadModeOf } from '../faults.js';
import type { LabResponse } from '../http/handler.js';
import { ArmError } from './errors.js';

export type ArmFaultEffect = { kind: 'answer'; response: LabResponse } | { kind: 'delay'; delayMs: number };

export function armFaultEffect(ctx: LabContext, method: string, path: string, region: string | undefined): ArmFaultEffect | undefined {
  const fault = ctx.faults.armFault(method, path, region);
  if (!fault || (fault.kind !== 'arm-5xx' && fault.kind !== 'arm-slow' && fault.kind !== 'arm-drop')) return undefined;
  const kind = fault.kind;
  switch (kind) {
    case 'arm-5xx':
      throw new ArmError(500, 'InternalServerError', `Encountered internal server error. Diagnostic information: timestamp '${new Date(ctx.clock.now()).toISOString()}', tracking id '${randomUUID()}'.`);
    case 'arm-slow':
      return { kind: 'delay', delayMs: fault.latencyMs ?? 3000 };
    case 'arm-drop':
      return { kind: 'answer', response: { drop: true, mode: deadModeOf(fault) } };
  }
}

/** The error ARM returns when the regional resource provider behind a path is down, and after how long. */
export function regionDownError(ctx: LabContext, region: string | undefined, namespace: string): { error: ArmError; delayMs: number } | undefined {
  const down = region ? ctx.faults.fires(region, 'region-down') : undefined;
  if (!down) return undefined;
  const error = new ArmError(504, 'GatewayTimeout', `The gateway did not receive a response from '${namespace}' within the specified time period.`);
  return { error, delayMs: deadModeOf(down) === 'blackhole' ? ctx.timing.armGatewayTimeoutMs : 0 };
}
