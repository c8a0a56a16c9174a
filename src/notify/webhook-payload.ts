// What a webhook receives: a generic JSON event, or — for a Microsoft Teams incoming webhook or a
// Teams Workflows URL — a message card Teams renders. Chosen by the URL's host, because a policy
// names only the URL; both carry the same facts.
import type { NotificationEvent } from '../policy/index.js';

export interface NotificationEventData {
  /** Unique per delivery; receivers de-duplicate retries with it. */
  id: string;
  event: NotificationEvent;
  policy: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  region?: string;
  operationId?: string;
  /** ISO time the event happened. */
  at: string;
  /** The replica that sent it. */
  replica: string;
}

export type PayloadFormat = 'json' | 'teams';

export function formatOf(url: string): PayloadFormat {
  const host = new URL(url).hostname.toLowerCase();
  return host.endsWith('.webhook.office.com') || host.endsWith('.logic.azure.com') || host.endsWith('.powerautomate.com') || host.endsWith('.office.com') ? 'teams' : 'json';
}

const colours = { info: '2E7D32', warning: 'F9A825', critical: 'C62828' } as const;

export function payloadOf(format: PayloadFormat, data: NotificationEventData): unknown {
  if (format === 'json') return { type: 'aksdr.event', version: 1, ...data };
  const facts = [
    { name: 'Policy', value: data.policy },
    { name: 'Event', value: data.event },
    ...(data.region ? [{ name: 'Region', value: data.region }] : []),
    ...(data.operationId ? [{ name: 'Operation', value: data.operationId }] : []),
    { name: 'At', value: data.at },
    { name: 'Replica', value: data.replica },
  ];
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: `aksdr ${data.policy}: ${data.event}`,
    themeColor: colours[data.severity],
    title: `aksdr · ${data.policy} · ${data.event}`,
    sections: [{ activityTitle: data.message, facts }],
  };
}
