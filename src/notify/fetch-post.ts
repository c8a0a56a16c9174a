// The real WebhookPost: fetch through an undici Agent that trusts aksdr's extra CA (AKSDR_CA_FILE)
// as well as the system's, so receivers behind a private CA work like every other endpoint.
import { rootCertificates } from 'node:tls';
import { Agent, fetch } from 'undici';
import type { WebhookPost } from './notifier.js';

export function fetchPost(options: { caPem?: string } = {}): { post: WebhookPost; close: () => Promise<void> } {
  const agent = new Agent({ connect: options.caPem ? { ca: [...rootCertificates, options.caPem] } : {} });
  return {
    post: async (url, body, headers, signal) => {
      const response = await fetch(url, { method: 'POST', body, headers, signal, dispatcher: agent, redirect: 'manual' });
      await response.body?.cancel();
      return response.status;
    },
    close: () => agent.close(),
  };
}
