// What of a decision goes into the audit trail: decisions that changed the state, commands with
// their result, holds (with rule names), alerts, overrides (who, why) and operation outcomes.
// A cycle that changes nothing writes nothing, so an hour of Steady is not an hour of records.
import type { Command, Decision, EngineState, OperationOutcome } from '../core/index.js';
import type { AuditRecord, AuditTrail } from '../state/audit-trail.js';

export interface AuditInput {
  policy: string;
  now: number;
  previous: EngineState;
  decision: Decision;
  command?: Command;
  outcome?: OperationOutcome;
}

function operationIdOf(state: EngineState): string | undefined {
  return 'operationId' in state ? state.operationId : undefined;
}

export function auditRecordsOf(input: AuditInput): AuditRecord[] {
  const { policy, now, previous, decision, command, outcome } = input;
  const at = new Date(now).toISOString();
  const operationId = decision.plan?.operationId ?? operationIdOf(decision.next) ?? operationIdOf(previous);
  const common = { at, policy, ...(operationId ? { operationId } : {}) };
  const records: AuditRecord[] = [];
  const summary = decision.reasons.map((r) => r.message).join('; ') || `${previous.kind} → ${decision.next.kind}`;
  if (command) {
    const by = 'by' in command ? command.by : undefined;
    records.push({ ...common, kind: 'command', summary: `${command.kind} by ${by ?? 'unknown'}: ${summary}`, ...(by ? { by } : {}), ...(decision.hold ? { rules: decision.hold.rules } : {}), details: { command } });
  }
  const changed = JSON.stringify(previous) !== JSON.stringify(decision.next);
  if (changed || (decision.hold && command)) {
    records.push({
      ...common,
      kind: 'decision',
      summary: `${previous.kind} → ${decision.next.kind}: ${summary}`,
      ...(decision.hold ? { rules: decision.hold.rules } : {}),
      details: { from: previous.kind, to: decision.next.kind, reasons: decision.reasons, ...(decision.hold ? { violations: decision.hold.violations } : {}) },
    });
  }
  for (const override of decision.overrides) {
    records.push({ ...common, kind: 'override', summary: `${override.rule} overridden by ${override.by}: ${override.reason}`, rules: [override.rule], by: override.by, details: { ...override } });
  }
  for (const alert of decision.alerts) {
    records.push({ ...common, kind: 'alert', summary: alert.message, details: { severity: alert.severity, event: alert.event, ...(alert.region ? { region: alert.region } : {}) } });
  }
  if (outcome) records.push({ ...common, operationId: outcome.operationId, kind: 'action', summary: `${outcome.operationId} ${outcome.result}: ${outcome.reason}`, details: { ...outcome } });
  return records;
}

export async function recordAudit(trail: AuditTrail, input: AuditInput): Promise<void> {
  for (const record of auditRecordsOf(input)) await trail.record(record);
}
