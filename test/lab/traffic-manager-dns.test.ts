// Traffic Manager's DNS in the lab: which endpoint a query is answered with (routing method,
// endpoint status, the monitor's verdict, failing open, always-serve), on the wire over UDP (Node's
// own Resolver as an independent client) and TCP, with the profile's TTL.
import { Resolver } from 'node:dns/promises';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, ManualClock } from '../../src/lab/clock.js';
import { answerQuery } from '../../src/lab/dns/traffic-manager-answer.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import type { ArmResource } from '../../src/lab/world/world.js';
import { withTempDir } from '../fixtures/temp-dir.js';

interface EndpointSpec {
  name: string;
  target: string;
  weight?: number;
  priority?: number;
  endpointStatus?: string;
  endpointMonitorStatus?: string;
  alwaysServe?: string;
}

function aProfile(routing: 'Weighted' | 'Priority', endpoints: EndpointSpec[], profileStatus = 'Enabled'): ArmResource {
  return {
    id: '/p',
    name: 'p',
    type: 'Microsoft.Network/trafficManagerProfiles',
    properties: {
      profileStatus,
      trafficRoutingMethod: routing,
      dnsConfig: { relativeName: 'p', ttl: 42 },
      endpoints: endpoints.map(({ name, ...properties }) => ({ name, properties: { endpointStatus: 'Enabled', endpointMonitorStatus: 'Online', ...properties } })),
    },
  };
}

function tally(profile: ArmResource, queries: number): Record<string, number> {
  const random = seededRandom(1);
  const counts: Record<string, number> = {};
  for (let i = 0; i < queries; i++) {
    const name = answerQuery(profile, random)?.endpointName ?? 'NXDOMAIN';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

describe('which endpoint Traffic Manager answers with', () => {
  it('weighted: in proportion to the weights among the served endpoints, with the profile TTL', () => {
    const profile = aProfile('Weighted', [
      { name: 'a', target: 'a.example', weight: 3 },
      { name: 'b', target: 'b.example', weight: 1 },
      { name: 'zero', target: 'z.example', weight: 0 },
    ]);
    const counts = tally(profile, 4000);
    expect((counts.a ?? 0) / 4000).toBeCloseTo(0.75, 1);
    expect(counts.zero).toBeUndefined();
    expect(answerQuery(profile, () => 0)).toEqual({ endpointName: 'a', target: 'a.example', ttlSeconds: 42, type: 'CNAME' });
  });

  it('leaves a Degraded endpoint out, serves CheckingEndpoint and always-serve endpoints, never a Disabled one', () => {
    expect(tally(aProfile('Weighted', [{ name: 'a', target: 'a', weight: 1000, endpointMonitorStatus: 'Degraded' }, { name: 'b', target: 'b', weight: 1 }]), 100)).toEqual({ b: 100 });
    expect(tally(aProfile('Weighted', [{ name: 'a', target: 'a', endpointMonitorStatus: 'CheckingEndpoint' }, { name: 'b', target: 'b', endpointStatus: 'Disabled' }]), 10)).toEqual({ a: 10 });
    expect(tally(aProfile('Priority', [{ name: 'a', target: 'a', priority: 1, alwaysServe: 'Enabled', endpointMonitorStatus: 'Unmonitored' }, { name: 'b', target: 'b', priority: 2 }]), 10)).toEqual({ a: 10 });
  });

  it('fails open: when every enabled endpoint is Degraded, all of them are served', () => {
    const counts = tally(aProfile('Weighted', [{ name: 'a', target: 'a', weight: 1, endpointMonitorStatus: 'Degraded' }, { name: 'b', target: 'b', weight: 1, endpointMonitorStatus: 'Degraded' }]), 1000);
    expect(counts.a).toBeGreaterThan(400);
    expect(counts.b).toBeGreaterThan(400);
  });

  it('priority: the served endpoint with the lowest priority value', () => {
    expect(tally(aProfile('Priority', [{ name: 'a', target: 'a', priority: 1, endpointMonitorStatus: 'Degraded' }, { name: 'b', target: 'b', priority: 3 }, { name: 'c', target: 'c', priority: 2 }]), 10)).toEqual({ c: 10 });
  });

  it('answers A for an IP target, and NXDOMAIN for a disabled profile or no endpoint', () => {
    expect(answerQuery(aProfile('Priority', [{ name: 'ip', target: '192.0.2.7' }]), Math.random)?.type).toBe('A');
    expect(answerQuery(aProfile('Priority', [{ name: 'a', target: 'a' }], 'Disabled'), Math.random)).toBeUndefined();
    expect(answerQuery(aProfile('Weighted', [{ name: 'a', target: 'a', endpointStatus: 'Disabled' }]), Math.random)).toBeUndefined();
  });
});

describe('the lab DNS server', () => {
  let lab: Lab;
  let cleanup: () => Promise<void>;
  const clock = new ManualClock();
  const resolver = new Resolver({ timeout: 2_000, tries: 1 });
  beforeAll(async () => {
    const temp = await withTempDir('aksdr-dns-');
    cleanup = temp.cleanup;
    lab = await startLab({ dir: temp.dir, clock, seed: 4, tickIntervalMs: 0 });
    resolver.setServers([lab.info.dns.server]);
  });
  afterAll(async () => {
    await lab.stop();
    await cleanup();
  });

  it('is announced in lab.json as 127.0.0.1:PORT with the profile FQDN', () => {
    expect(lab.info.dns).toEqual({ server: expect.stringMatching(/^127\.0\.0\.1:\d+$/) as unknown, fqdn: 'aksdr-shop.trafficmanager.net' });
  });

  it('answers over UDP with the CNAME of the weighted endpoint, chased to the loopback app, within the profile TTL', async () => {
    expect(await resolver.resolveCname(lab.info.dns.fqdn)).toEqual(['weu.shop.aksdr.example']);
    const addresses = await resolver.resolve4(lab.info.dns.fqdn, { ttl: true });
    expect(addresses).toEqual([{ address: '127.0.0.1', ttl: 30 }]);
    await expect(resolver.resolve4('nothing.trafficmanager.net')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('answers over TCP too', async () => {
    const socket = net.connect(Number(lab.info.dns.server.split(':')[1]), '127.0.0.1');
    const reply = await new Promise<Buffer>((resolve, reject) => {
      let data = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) resolve(data);
      });
      socket.on('error', reject);
      socket.write(dnsPacket.streamEncode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'CNAME', name: lab.info.dns.fqdn }] }));
    });
    socket.destroy();
    const packet = dnsPacket.streamDecode(reply);
    expect(packet.id).toBe(7);
    expect(packet.answers).toMatchObject([{ type: 'CNAME', name: lab.info.dns.fqdn, ttl: 30, data: 'weu.shop.aksdr.example' }]);
  });

  it('leaves a dead region out only once Traffic Manager’s monitor has probed it Degraded', async () => {
    lab.inject('westeurope', 'region-down', { mode: 'reset' });
    expect(await resolver.resolveCname(lab.info.dns.fqdn)).toEqual(['weu.shop.aksdr.example']);
    clock.advance(20_000); // two failed probes, 10 s apart, one tolerated
    expect(lab.state().trafficManager.endpoints.map((e) => e.monitorStatus)).toEqual(['Degraded', 'Online']);
    const answers = await Promise.all(Array.from({ length: 20 }, () => resolver.resolveCname(lab.info.dns.fqdn)));
    expect(new Set(answers.flat())).toEqual(new Set(['neu.shop.aksdr.example']));
    lab.heal();
    clock.advance(10_000);
    expect(lab.state().trafficManager.endpoints.map((e) => e.monitorStatus)).toEqual(['Online', 'Online']);
  });
});
