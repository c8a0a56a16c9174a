// The application's users, simulated: N clients that each resolve the Traffic Manager profile's
// FQDN through the lab's DNS, keep the answer for its TTL (on the lab clock, as a stub resolver's
// cache does), and call the app of the region the answer points at, one request every
// `requestEveryMs`. Every request is recorded with the region that served it, or its failure, so
// "traffic moved" is measured as users feel it: a failover is done for them when the answers their
// caches hold point at the new region, not when the weights were written.
import https from 'node:https';
import type { StringAnswer } from 'dns-packet';
import type { LabClock } from '../clock.js';
import { queryDns } from '../dns/dns-query.js';
import { movedAt, trafficShare, type ClientRequestRecord, type ClientTrafficReport } from './traffic-share.js';

export interface ClientPopulationOptions {
  /** How many clients (default 20). */
  count?: number;
  /** Each client's pause between requests, lab clock (default 1000 ms). */
  requestEveryMs?: number;
  /** A client gives up on a request after this long, real time (default 2000 ms). */
  requestTimeoutMs?: number;
  /** The window `report()` looks back over, lab clock (default 30 s). */
  windowMs?: number;
}

export interface ClientNetwork {
  clock: LabClock;
  /** The lab's DNS server, `127.0.0.1:PORT`. */
  dnsServer: string;
  fqdn: string;
  /** The lab region a DNS target name belongs to (the lab's routing of names to its regions). */
  regionOfTarget(target: string): string | undefined;
  /** The URL of a region's app endpoint. */
  appUrl(region: string): string;
  ca: string;
  /** The lab's time scale: a DNS answer is held for its TTL divided by this, on the lab clock (default 1). */
  timeScale?: number;
}

interface Client {
  /** Position in the population, in [0, 1): how old its first cached answer already is, as a share of the TTL. */
  phase: number;
  resolvedOnce: boolean;
  cached?: { target: string; expiresAt: number };
  nextAt: number;
  busy: boolean;
}

const keepRecordsMs = 10 * 60_000;

export class ClientPopulation {
  private readonly clients: Client[];
  private readonly records: ClientRequestRecord[] = [];
  private readonly every: number;
  private readonly timeoutMs: number;
  readonly windowMs: number;
  private readonly agent: https.Agent;

  constructor(
    private readonly net: ClientNetwork,
    options: ClientPopulationOptions = {},
  ) {
    const count = options.count ?? 20;
    this.every = options.requestEveryMs ?? 1000;
    this.timeoutMs = options.requestTimeoutMs ?? 2000;
    this.windowMs = options.windowMs ?? 30_000;
    const now = net.clock.now();
    // Spread over one pause, so the population's requests (and its caches' expiries) are not in step.
    this.clients = Array.from({ length: count }, (_, i) => ({ phase: i / Math.max(count, 1), resolvedOnce: false, nextAt: now + Math.floor((i * this.every) / Math.max(count, 1)), busy: false }));
    this.agent = new https.Agent({ ca: net.ca, keepAlive: true });
  }

  /** Every client whose turn it is sends its request; resolves when they are all answered or timed out. */
  async step(): Promise<void> {
    const now = this.net.clock.now();
    const due = this.clients.filter((c) => !c.busy && c.nextAt <= now);
    await Promise.all(due.map((client) => this.request(client, now)));
    const horizon = this.net.clock.now() - keepRecordsMs;
    while (this.records.length > 0 && (this.records[0]?.at ?? 0) < horizon) this.records.shift();
  }

  report(windowMs: number = this.windowMs): ClientTrafficReport {
    return trafficShare(this.records, this.net.clock.now(), windowMs, this.clients.length);
  }

  /** When the users had moved to `region` after `sinceMs` (lab clock; see `movedAt`). */
  movedAt(region: string, sinceMs: number, share = 0.99): number | undefined {
    return movedAt(this.records, region, sinceMs, this.net.clock.now(), share);
  }

  close(): void {
    this.agent.destroy();
  }

  private async request(client: Client, now: number): Promise<void> {
    client.busy = true;
    const at = now;
    try {
      const target = await this.resolve(client, now);
      const region = this.net.regionOfTarget(target);
      if (!region) {
        this.records.push({ at, ok: false, reason: `${target} is not a lab region` });
        return;
      }
      const status = await this.get(this.net.appUrl(region)).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      this.records.push(typeof status === 'number' && status >= 200 && status < 400 ? { at, region, ok: true } : { at, region, ok: false, reason: typeof status === 'number' ? `HTTP ${status}` : status.message });
    } catch (error) {
      // Resolution failed: the user sees no site at all.
      client.cached = undefined;
      this.records.push({ at, ok: false, reason: error instanceof Error ? error.message : String(error) });
    } finally {
      client.busy = false;
      client.nextAt = Math.max(this.net.clock.now(), at + this.every);
    }
  }

  private async resolve(client: Client, now: number): Promise<string> {
    if (client.cached && client.cached.expiresAt > now) return client.cached.target;
    const reply = await queryDns(this.net.dnsServer, this.net.fqdn, 'A', this.timeoutMs);
    if (reply.rcode !== 'NOERROR') throw new Error(`DNS ${reply.rcode} for ${this.net.fqdn}`);
    const first = reply.answers.find((a): a is StringAnswer => a.type === 'CNAME' || a.type === 'A');
    if (!first) throw new Error(`no answer for ${this.net.fqdn}`);
    const ttlMs = ((first.ttl ?? 0) * 1000) / (this.net.timeScale ?? 1);
    // A population that has been running holds answers of every age: the first answer each client
    // gets is taken as already that far into its TTL, so their caches do not expire in step.
    const age = client.resolvedOnce ? 0 : Math.floor(ttlMs * client.phase);
    client.resolvedOnce = true;
    client.cached = { target: first.data, expiresAt: now + ttlMs - age };
    return first.data;
  }

  private get(url: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = https.get(url, { agent: this.agent, timeout: this.timeoutMs }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timeout after ${this.timeoutMs} ms`)));
      req.on('error', reject);
    });
  }
}
