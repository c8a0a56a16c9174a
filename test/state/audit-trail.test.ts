import { describe, expect, it } from 'vitest';
import { AuditTrail, type AuditRecord } from '../../src/state/audit-trail.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';

function record(at: string, kind: AuditRecord['kind'], extra: Partial<AuditRecord> = {}): AuditRecord {
  return { at, policy: 'shop', kind, summary: `${kind} at ${at}`, ...extra };
}

describe('the audit trail', () => {
  it('answers history queries by time, kind, operation and count, oldest first', async () => {
    const trail = new AuditTrail(new MemoryStateStore());
    await trail.record(record('2026-11-23T10:00:00Z', 'decision'));
    await trail.record(record('2026-11-23T11:00:00Z', 'action', { operationId: 'op-1' }));
    await trail.record(record('2026-11-23T11:05:00Z', 'override', { operationId: 'op-1', rules: ['target-ready'], by: 'alice' }));
    await trail.record(record('2026-11-23T12:00:00Z', 'alert'));
    await trail.record({ ...record('2026-11-23T12:00:00Z', 'decision'), policy: 'other' });

    expect((await trail.query('shop')).map((r) => r.kind)).toEqual(['decision', 'action', 'override', 'alert']);
    expect((await trail.query('shop', { since: new Date('2026-11-23T11:00:00Z') })).length).toBe(3);
    expect((await trail.query('shop', { kinds: ['override'] }))[0]).toMatchObject({ rules: ['target-ready'], by: 'alice' });
    expect((await trail.query('shop', { operationId: 'op-1' })).map((r) => r.kind)).toEqual(['action', 'override']);
    expect((await trail.query('shop', { limit: 1 })).map((r) => r.kind)).toEqual(['alert']);
    expect(await trail.query('other')).toHaveLength(1);
  });
});
