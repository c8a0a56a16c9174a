// The audit trail: every observation-driven decision, action, override and alert of a policy, as
// JSON lines in the state store, queryable by `aksdr history`. Records never carry secrets.
import type { StateStore } from './state-store.js';

export const auditKinds = ['decision', 'action', 'override', 'alert', 'command'] as const;
export type AuditKind = (typeof auditKinds)[number];

export interface AuditRecord {
  /** ISO timestamp. */
  at: string;
  policy: string;
  kind: AuditKind;
  /** One line a person can read. */
  summary: string;
  operationId?: string;
  /** Stable rule names involved (refusals, overrides). */
  rules?: string[];
  /** Who asked, for commands and overrides. */
  by?: string;
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  since?: Date;
  kinds?: readonly AuditKind[];
  operationId?: string;
  /** The newest N records after filtering. */
  limit?: number;
}

export function auditLogName(policy: string): string {
  return `${policy}.audit`;
}

export class AuditTrail {
  constructor(private readonly store: StateStore) {}

  record(record: AuditRecord): Promise<void> {
    return this.store.append(auditLogName(record.policy), record);
  }

  async query(policy: string, query: AuditQuery = {}): Promise<AuditRecord[]> {
    const records = await this.store.readLog<AuditRecord>(auditLogName(policy));
    const since = query.since?.getTime();
    const filtered = records.filter(
      (r) =>
        (since === undefined || Date.parse(r.at) >= since) &&
        (query.kinds === undefined || query.kinds.includes(r.kind)) &&
        (query.operationId === undefined || r.operationId === query.operationId),
    );
    return query.limit === undefined ? filtered : filtered.slice(-query.limit);
  }
}
