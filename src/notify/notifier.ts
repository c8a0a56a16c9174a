// Sends a policy's events to its webhooks (`spec.notifications.webhooks`), signed, with retries and
// exponential backoff (cockatiel); a delivery that still fails is dead-lettered into the policy's
// audit trail with the payload, so nothing is lost silently. Deliveries run in the background — a
// slow receiver never delays the engine — and `drain()` waits for them at shutdown.
import { randomUUID } from 'node:crypto';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { Logger } from 'pino';
import type { Clock } from '../engine/clock.js';
import type { FailoverPolicy, NotificationEvent, WebhookSpec } from '../policy/index.js';
import type { AuditTrail } from '../state/audit-trail.js';
import { formatOf, payloadOf, type NotificationEventData } from './webhook-payload.js';
import { signBody, signatureHeader, timestampHeader } from './webhook-signature.js';

/** POSTs a body; resolves with the status. The default uses fetch (with aksdr's CA settings). */
export type WebhookPost = (url: string, body: string, headers: Record<string, string>, signal: AbortSignal) => Promise<number>;

export interface NotifierOptions {
  replica: string;
  clock: Clock;
  audit: AuditTrail;
  post: WebhookPost;
  env: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
  onDelivery?: (policy: string, webhook: string, outcome: 'delivered' | 'dead-lettered') => void;
  retry?: { maxAttempts: number; initialDelayInMs: number; maxDelayInMs: number };
  timeoutInMs?: number;
}

export type EventInput = Omit<NotificationEventData, 'id' | 'at' | 'replica' | 'policy'>;

export class Notifier {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: NotifierOptions) {}

  notify(policy: FailoverPolicy, input: EventInput): void {
    for (const webhook of policy.spec.notifications.webhooks) {
      if (webhook.events && !webhook.events.includes(input.event)) continue;
      const data: NotificationEventData = { ...input, id: randomUUID(), policy: policy.metadata.name, at: new Date(this.options.clock.now()).toISOString(), replica: this.options.replica };
      const delivery = this.deliver(webhook, data).finally(() => this.pending.delete(delivery));
      this.pending.add(delivery);
    }
  }

  /** Waits for deliveries in flight (bounded by their retries). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async deliver(webhook: WebhookSpec, data: NotificationEventData): Promise<void> {
    const { clock, post, env, logger } = this.options;
    const body = JSON.stringify(payloadOf(formatOf(webhook.url), data));
    const settings = this.options.retry ?? { maxAttempts: 5, initialDelayInMs: 1_000, maxDelayInMs: 30_000 };
    const policy = retry(handleAll, { maxAttempts: settings.maxAttempts - 1, backoff: new ExponentialBackoff({ initialDelay: settings.initialDelayInMs, maxDelay: settings.maxDelayInMs }) });
    let attempts = 0;
    try {
      await policy.execute(async () => {
        attempts++;
        const timestamp = Math.floor(clock.now() / 1000);
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-aksdr-event': data.event, 'x-aksdr-delivery': data.id, [timestampHeader]: String(timestamp) };
        const secret = webhook.secretEnv ? env[webhook.secretEnv] : undefined;
        if (secret) headers[signatureHeader] = signBody(secret, timestamp, body);
        const status = await post(webhook.url, body, headers, AbortSignal.timeout(this.options.timeoutInMs ?? 10_000));
        if (status < 200 || status >= 300) throw new Error(`the receiver answered ${status}`);
      });
      this.options.onDelivery?.(data.policy, webhook.name, 'delivered');
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      logger?.warn({ policy: data.policy, webhook: webhook.name, event: data.event, attempts }, `webhook delivery failed after ${attempts} attempts: ${why}; dead-lettered in the audit trail`);
      this.options.onDelivery?.(data.policy, webhook.name, 'dead-lettered');
      await this.options.audit
        .record({ at: new Date(clock.now()).toISOString(), policy: data.policy, kind: 'alert', summary: `webhook ${webhook.name} dead-lettered ${data.event} after ${attempts} attempts: ${why}`, details: { deadLetter: true, webhook: webhook.name, url: webhook.url, attempts, payload: data } })
        .catch((auditError: unknown) => logger?.error({ err: auditError }, 'could not dead-letter a webhook delivery'));
    }
  }
}

/** Events from a cycle: the decision's alerts, and the end of an operation the cycle saw finish. */
export function eventsOf(report: { decision?: { alerts: { event: NotificationEvent; severity: 'info' | 'warning' | 'critical'; message: string; region?: string }[] }; outcome?: { operationId: string; result: string; reason: string }; resumed?: { operationId: string; result: string; reason: string } }): EventInput[] {
  const events: EventInput[] = (report.decision?.alerts ?? []).map((a) => ({ event: a.event, severity: a.severity, message: a.message, ...(a.region ? { region: a.region } : {}) }));
  for (const outcome of [report.resumed, report.outcome]) {
    if (!outcome) continue;
    const failback = outcome.operationId.includes('-failback-');
    const event: NotificationEvent = outcome.result === 'succeeded' ? (failback ? 'failback.completed' : 'failover.completed') : 'failover.failed';
    if (events.some((e) => e.event === event)) continue;
    events.push({ event, severity: outcome.result === 'succeeded' ? 'info' : 'critical', message: `${outcome.operationId} ${outcome.result}: ${outcome.reason}`, operationId: outcome.operationId });
  }
  return events;
}
