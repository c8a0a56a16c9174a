// POST /api/v1/policies/{name}/{approve|failover|failback|resume}: a person's command, through the
// same path as the CLI (`executeCommand`: queued for the replica that acts, answered by it, every
// safety rule applied). The caller is authenticated first and audited with the command and its
// result; `by` is always the authenticated caller, never a name from the body.
import { isRuleName, ruleOrder, type Command, type RuleName } from '../core/index.js';
import type { CommandResult } from '../engine/command-result.js';
import { loadDocument } from '../engine/engine-document.js';
import { executeCommand } from '../engine/execute-command.js';
import { liveLoop } from '../engine/loop-presence.js';
import { AuditTrail } from '../state/audit-trail.js';
import type { AppDependencies } from './app.js';
import type { Caller } from './auth.js';
import { HttpError, isHttpError, jsonResponse } from './http-error.js';
import { readJsonBody } from './request-body.js';

type Verb = 'approve' | 'failover' | 'failback' | 'resume';

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 1_000) throw new HttpError(400, 'InvalidBody', `${key} must be a string (at most 1000 characters)`);
  return value.trim();
}

function forceOf(body: Record<string, unknown>, by: string): { rules: RuleName[]; by: string; reason: string } | undefined {
  const force = body.force;
  if (force === undefined) return undefined;
  if (!Array.isArray(force) || force.some((r) => typeof r !== 'string' || !isRuleName(r))) throw new HttpError(400, 'InvalidBody', `force must be a list of rule names: ${ruleOrder.join(', ')}`);
  const reason = text(body, 'reason');
  if (!reason) throw new HttpError(400, 'InvalidBody', 'force needs a reason: overrides are audited with who and why');
  return { rules: force as RuleName[], by, reason };
}

const statusCodes: Record<CommandResult['status'], number> = { completed: 200, done: 200, started: 202, 'pending-approval': 200, 'dry-run': 200, unchanged: 200, failed: 200, refused: 409, 'nothing-to-do': 409, expired: 409, invalid: 422 };

function callerName(caller: Caller): string {
  return caller.kind === 'entra' ? `${caller.name} (${caller.id})` : caller.name;
}

export async function policyCommand(deps: AppDependencies, request: Request, name: string, verb: Verb, requestId: string): Promise<Response> {
  let caller: Caller;
  try {
    caller = await deps.authenticate(request.headers.get('authorization'));
  } catch (error) {
    // Refusals are logged (never the token); a known but unauthorised caller is audited too.
    const why = error instanceof Error ? error.message : 'refused';
    deps.logger?.warn({ policy: name, verb, requestId, why }, 'API command refused');
    if (isHttpError(error) && error.status === 403 && deps.service.find(name)) {
      await new AuditTrail(deps.store).record({ at: new Date(deps.clock.now()).toISOString(), policy: name, kind: 'command', summary: `API ${verb} refused: ${why}`, details: { via: 'api', requestId, refused: true } }).catch(() => undefined);
    }
    throw error;
  }
  const found = deps.service.find(name);
  if (!found) throw new HttpError(404, 'PolicyNotFound', `no policy named ${name} runs here`);
  const body = await readJsonBody(request, deps.maxBodyInBytes ?? 16 * 1024);
  const by = callerName(caller);
  const { store, clock } = deps;
  const policy = found.entry.policy;
  const dryRun = body.dryRun === true;
  let command: Command;
  switch (verb) {
    case 'approve': {
      const { doc } = await loadDocument(store, policy, clock.now());
      const operationId = text(body, 'operationId') ?? (doc.engine.kind === 'FailoverPending' ? doc.engine.operationId : undefined);
      if (!operationId) throw new HttpError(409, 'NothingToApprove', 'no plan awaits approval');
      command = { kind: 'approve', operationId, by };
      break;
    }
    case 'failover': {
      const to = text(body, 'to');
      if (!to) throw new HttpError(400, 'InvalidBody', 'failover needs "to": the region to move the traffic to');
      const force = forceOf(body, by);
      command = { kind: 'failover', to, by, ...(force ? { force } : {}), ...(dryRun ? { dryRun } : {}) };
      break;
    }
    case 'failback': {
      const force = forceOf(body, by);
      command = { kind: 'failback', by, ...(force ? { force } : {}), ...(dryRun ? { dryRun } : {}) };
      break;
    }
    case 'resume': {
      const reason = text(body, 'reason');
      if (!reason) throw new HttpError(400, 'InvalidBody', 'resume needs "reason": what was checked');
      command = { kind: 'resume', by, reason };
      break;
    }
  }
  // Only the acting replica may run a cycle: without a live loop and without the lease here, a
  // command would act outside the lease. A dry run changes nothing and may run anywhere.
  if (!dryRun && !found.runner.leading && !(await liveLoop(store, name, clock.now()))) {
    throw new HttpError(503, 'NoActor', `no replica acts for ${name} right now (its lease is changing hands); try again in a few seconds`, { 'retry-after': '5' });
  }
  const executed = await executeCommand(found.runner.engine, command, { store, clock, waitMs: deps.commandWaitInMs ?? 30_000 });
  const result = executed.result;
  const withdrawn = executed.via === 'loop' ? executed.withdrawn : undefined;
  await new AuditTrail(store).record({
    at: new Date(clock.now()).toISOString(),
    policy: name,
    kind: 'command',
    summary: `API ${verb} by ${by}: ${result ? result.status : `not carried out (${withdrawn ?? 'no answer'})`}`,
    by,
    ...(result?.operationId ? { operationId: result.operationId } : {}),
    details: { via: 'api', requestId, caller: caller.kind, ...(caller.kind === 'entra' ? { roles: caller.roles } : {}), ...(executed.via === 'loop' ? { commandId: executed.commandId } : {}) },
  });
  deps.logger?.info({ policy: name, verb, by, requestId, status: result?.status ?? 'withdrawn' }, 'API command');
  // Nobody took it in time: withdrawn, so no replica carries it out later; nothing was done.
  if (!result) return jsonResponse(504, { policy: name, status: 'withdrawn', reason: withdrawn ?? 'no answer', commandId: executed.via === 'loop' ? executed.commandId : undefined, requestId });
  // As the CLI's exit codes: a dry run that a rule would refuse is a refusal.
  const invalid = result.reasons.some((r) => r.code === 'unknown-region' || r.code === 'unknown-operation');
  const status = result.status === 'dry-run' && invalid ? 422 : result.status === 'dry-run' && result.hold ? 409 : statusCodes[result.status];
  return jsonResponse(status, { policy: name, ...result, requestId });
}
