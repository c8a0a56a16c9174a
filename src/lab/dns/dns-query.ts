// One DNS question over UDP to a given server, the way a stub resolver asks it, returning the
// records with their TTLs (Node's Resolver cannot return a CNAME's TTL, which the lab's clients
// cache by). Encoding and decoding are dns-packet's.
import dgram from 'node:dgram';
import dnsPacket, { type Answer, type RecordType } from 'dns-packet';

export interface DnsReply {
  rcode: string;
  answers: Answer[];
}

export function queryDns(server: string, name: string, type: RecordType, timeoutMs: number): Promise<DnsReply> {
  const [host = '127.0.0.1', portText = '53'] = server.split(':');
  const id = Math.floor(Math.random() * 65_536);
  const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const done = (error: Error | undefined, reply?: DnsReply): void => {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else if (reply) resolve(reply);
    };
    const timer = setTimeout(() => done(new Error(`DNS query for ${name} timed out after ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', (error) => done(error));
    socket.on('message', (message) => {
      try {
        const packet = dnsPacket.decode(message);
        if (packet.id !== id) return;
        done(undefined, { rcode: (packet as { rcode?: string }).rcode ?? 'NOERROR', answers: packet.answers ?? [] });
      } catch (error) {
        done(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.send(query, Number(portText), host);
  });
}
