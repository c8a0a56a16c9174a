// Webhooks: signed bodies a receiver can verify (and a replay it can refuse), the Teams card for a
// Teams URL, only the events a webhook asks for, retries with backoff, and a dead letter in the
// audit trail — never the secret in it.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/engine/clock.js';
import { Notifier, eventsOf, type WebhookPost } from '../../src/notify/notifier.js';
import { verifySignature } from '../../src/notify/webhook-signature.js';
import { AuditTrail } from '../../src/state/audit-trail.js';
import { MemoryStateStore } from '../../src/state/memory-state-store.js';
import { failoverPolicySchema, type FailoverPolicy } from '../../src/policy/schema.js';
import { aPolicy } from '../core/builders/policy-builder.js';

const SECRET = 'whsec-test-value-123';

function withWebhooks(webhooks: { name: string; url: string; events?: string[]; secretEnv?: string }[]): FailoverPolicy {
  const base = aPolicy().build();
  return failoverPolicySchema.parse({ ...base, spec: { ...base.spec, notifications: { webhooks } } });
}

function aNotifier(post: WebhookPost, store = new MemoryStateStore()) {
  const clock = new FakeClock();
  const notifier = new Notifier({ replica: 'r1', clock, audit: new AuditTrail(store), post, env: { HOOK_SECRET: SECRET }, retry: { maxAttempts: 3, initialDelayInMs: 1, maxDelayInMs: 5 } });
  return { notifier, clock, store };
}

describe('webhook notifications', () => {
  it('signs the body with HMAC-SHA256 over the timestamp, so receivers can verify it and refuse replays', async () => {
    const sent: { url: string; body: string; headers: Record<string, string> }[] = [];
    const { notifier, clock } = aNotifier((url, body, headers) => {
      sent.push({ url, body, headers });
      return Promise.resolve(200);
    });
    notifier.notify(withWebhooks([{ name: 'ops', url: 'https://hooks.example/aksdr', secretEnv: 'HOOK_SECRET' }]), { event: 'failover.started', severity: 'warning', message: 'failover started', region: 'northeurope' });
    await notifier.drain();
    const [delivery] = sent;
    if (!delivery) throw new Error('nothing sent');
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'aksdr.event', event: 'failover.started', policy: 'shop', region: 'northeurope' });
    const now = Math.floor(clock.now() / 1000);
    const headers = { signature: delivery.headers['x-aksdr-signature'] ?? '', timestamp: delivery.headers['x-aksdr-timestamp'] ?? '' };
    expect(verifySignature(SECRET, headers, delivery.body, now)).toBe(true);
    expect(verifySignature(SECRET, headers, delivery.body.replace('northeurope', 'westeurope'), now)).toBe(false);
    expect(verifySignature(SECRET, headers, delivery.body, now + 3_600)).toBe(false);
    expect(delivery.body).not.toContain(SECRET);
  });

  it('sends a Teams message card to a Teams webhook, and only the events asked for', async () => {
    const bodies: string[] = [];
    const { notifier } = aNotifier((_url, body) => {
      bodies.push(body);
      return Promise.resolve(200);
    });
    const policy = withWebhooks([{ name: 'teams', url: 'https://contoso.webhook.office.com/webhookb2/x', events: ['failover.completed'] }]);
    notifier.notify(policy, { event: 'failover.started', severity: 'warning', message: 'started' });
    notifier.notify(policy, { event: 'failover.completed', severity: 'info', message: 'done' });
    await notifier.drain();
    expect(bodies).toHaveLength(1);
    expect(JSON.parse(bodies[0] ?? '{}')).toMatchObject({ '@type': 'MessageCard', summary: 'aksdr shop: failover.completed' });
  });

  it('retries with backoff, then dead-letters the event in the audit trail', async () => {
    let attempts = 0;
    const { notifier, store } = aNotifier(() => {
      attempts++;
      return Promise.resolve(503);
    });
    notifier.notify(withWebhooks([{ name: 'ops', url: 'https://hooks.example/aksdr', secretEnv: 'HOOK_SECRET' }]), { event: 'failover.failed', severity: 'critical', message: 'failed' });
    await notifier.drain();
    expect(attempts).toBe(3);
    const trail = await new AuditTrail(store).query('shop');
    expect(trail).toEqual([expect.objectContaining({ kind: 'alert', summary: expect.stringContaining('dead-lettered failover.failed after 3 attempts') as unknown })]);
    expect(JSON.stringify(trail)).not.toContain(SECRET);
  });

  it('turns a cycle into events: the decision\'s alerts and the end of an operation', () => {
    const events = eventsOf({ decision: { alerts: [{ event: 'failover.started', severity: 'warning', message: 'm' }] }, outcome: { operationId: 'shop-failover-northeurope-20261123T140000Z', result: 'succeeded', reason: 'ok' } });
    expect(events.map((e) => e.event)).toEqual(['failover.started', 'failover.completed']);
  });
});
