// A small authoritative DNS server on loopback, UDP and TCP on one port, for the lab's Traffic
// Manager names. Packets are encoded and decoded by dns-packet; this file only binds sockets and
// hands each question to a zone.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type Answer, type Packet, type Question } from 'dns-packet';

/** The zone's answer to one question: records, or undefined for NXDOMAIN. */
export type DnsZone = (question: Question) => Answer[] | undefined;

export interface RunningDns {
  /** `127.0.0.1:PORT`, as Node's `Resolver.setServers` takes it. */
  server: string;
  port: number;
  close(): Promise<void>;
}

const rcodeNxDomain = 3;
const rcodeFormErr = 1;
const maxUdpPayload = 512;

/** The response to a query packet: the zone's records, authoritative, or NXDOMAIN. */
export function responseTo(zone: DnsZone, request: Packet): Packet {
  const question = request.questions?.[0];
  const answers = question ? zone(question) : undefined;
  const flags = dnsPacket.AUTHORITATIVE_ANSWER | (answers === undefined ? rcodeNxDomain : 0);
  return { type: 'response', id: request.id ?? 0, flags, questions: request.questions ?? [], answers: answers ?? [] };
}

function decodeOr(decode: () => Packet): Packet | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}

function udpReply(zone: DnsZone, query: Buffer): Buffer {
  const request = decodeOr(() => dnsPacket.decode(query));
  if (!request) return dnsPacket.encode({ type: 'response', id: query.length >= 2 ? query.readUInt16BE(0) : 0, flags: rcodeFormErr });
  const response = responseTo(zone, request);
  const encoded = dnsPacket.encode(response);
  // An answer too big for UDP says so (TC), so the client asks again over TCP.
  if (encoded.length > maxUdpPayload) return dnsPacket.encode({ ...response, flags: (response.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [] });
  return encoded;
}

export async function serveDns(zone: DnsZone, options: { port?: number } = {}): Promise<RunningDns> {
  // UDP takes a free port first; TCP must then get the same one (retried if another process won it).
  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const port = udp.address().port;
    const sockets = new Set<net.Socket>();
    const tcp = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      // TCP messages carry a two-byte length (RFC 1035 4.2.2): split the stream on it, and let
      // dns-packet's stream codec read and write the prefixed messages.
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
          const message = pending.subarray(0, 2 + pending.readUInt16BE(0));
          pending = pending.subarray(message.length);
          const request = decodeOr(() => dnsPacket.streamDecode(message));
          if (!request) {
            socket.destroy();
            return;
          }
          socket.write(dnsPacket.streamEncode(responseTo(zone, request)));
        }
      });
    });
    const listening = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!listening) {
      udp.close();
      if (options.port !== undefined || attempt >= 5) throw new Error(`the lab's DNS could not listen on TCP port ${port}`);
      continue;
    }
    udp.on('message', (message, remote) => {
      udp.send(udpReply(zone, message), remote.port, remote.address);
    });
    udp.on('error', () => undefined);
    return {
      server: `127.0.0.1:${port}`,
      port,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          udp.close();
          tcp.close(() => resolve());
        }),
    };
  }
}
