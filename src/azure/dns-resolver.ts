// A DnsResolverPort over Node's own resolver: the system's servers, or explicit ones
// (`AKSDR_VERIFY_DNS=host:port`, e.g. the lab's DNS). Asks for the CNAME the way a stub resolver does.
import { Resolver } from 'node:dns/promises';
import type { CallOptions } from '../core/ports/call-options.js';
import type { DnsAnswer, DnsResolverPort } from '../core/ports/dns-port.js';

export class NodeDnsResolver implements DnsResolverPort {
  constructor(private readonly servers: readonly string[] | undefined) {}

  async resolve(name: string, options: CallOptions = {}): Promise<DnsAnswer> {
    const resolver = new Resolver({ timeout: Math.max(100, options.timeoutInMs ?? 2_000), tries: 1 });
    if (this.servers && this.servers.length > 0) resolver.setServers([...this.servers]);
    const cancel = (): void => resolver.cancel();
    options.abortSignal?.addEventListener('abort', cancel, { once: true });
    try {
      return { targets: await resolver.resolveCname(name) };
    } finally {
      options.abortSignal?.removeEventListener('abort', cancel);
    }
  }
}

/** `AKSDR_VERIFY_DNS`: absent or `off` → no check; `system` → the system's resolver; `host:port[,…]` → those servers. */
export function dnsResolverFromEnv(value: string | undefined): DnsResolverPort | undefined {
  const setting = value?.trim();
  if (!setting || setting === 'off') return undefined;
  return new NodeDnsResolver(setting === 'system' ? undefined : setting.split(',').map((s) => s.trim()).filter((s) => s.length > 0));
}
