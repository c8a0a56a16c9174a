// Where a name really resolves, as clients see it: the DNS answer for the Traffic Manager profile's
// name. "Mitigated" means clients moved, not only that the weights were written.
import type { CallOptions } from './call-options.js';

export interface DnsAnswer {
  /** The CNAME targets (Traffic Manager answers with the chosen endpoint's target). */
  targets: string[];
}

export interface DnsResolverPort {
  /** What `name` resolves to now; rejects when the resolver cannot answer. */
  resolve(name: string, options?: CallOptions): Promise<DnsAnswer>;
}
