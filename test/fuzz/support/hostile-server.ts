// A loopback HTTPS server that answers whatever the fuzz case in hand says: a status, headers and a
// body that may be malformed, huge, lying about its length, compressed garbage, cut off, or never
// ending (fast, or a byte at a time). Real SDK clients talk to it through their normal TLS setup
// (the lab's PKI: a CA the clients trust explicitly).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createLabPki } from '../../../src/lab/pki.js';

export type HostileBody =
  | { kind: 'text'; text: string }
  | { kind: 'huge'; bytes: number; declareLength: boolean }
  | { kind: 'endless-fast' }
  | { kind: 'endless-slow' }
  | { kind: 'lying-length'; text: string }
  | { kind: 'cut-off'; text: string }
  | { kind: 'gzip-bomb'; bytes: number }
  | { kind: 'gzip-garbage'; text: string }
  | { kind: 'no-answer' };

export interface HostileAnswer {
  status: number;
  headers: Record<string, string>;
  body: HostileBody;
}

/** Answers the server gives before the hostile one (an auth challenge, a token exchange), by request. */
export type Preamble = (request: IncomingMessage) => HostileAnswer | undefined;

export interface HostileServer {
  url: string;
  caPem: string;
  /** The answer to the next requests (every request gets it until it is changed). */
  answer: HostileAnswer;
  preamble: Preamble | undefined;
  /** Requests seen since the last reset (method and path). */
  requests: string[];
  close(): Promise<void>;
}

const filler = Buffer.alloc(64 * 1024, 'x');

function writeBody(res: ServerResponse, body: HostileBody, sockets: Set<Socket>): void {
  const socket = res.socket;
  switch (body.kind) {
    case 'text':
      res.end(body.text);
      return;
    case 'huge': {
      let left = body.bytes;
      const pump = (): void => {
        while (left > 0) {
          const chunk = filler.subarray(0, Math.min(filler.length, left));
          left -= chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    case 'endless-fast': {
      // A few chunks per turn of the event loop: node discards the body of a 204/304 without ever
      // pushing back, and an unbounded loop would then never yield (the server, not the client, hung).
      const pump = (): void => {
        if (res.destroyed) return;
        for (let i = 0; i < 16; i++) {
          if (!res.write(filler)) {
            res.once('drain', pump);
            return;
          }
        }
        setImmediate(pump);
      };
      pump();
      return;
    }
    case 'endless-slow': {
      const timer = setInterval(() => {
        if (res.destroyed) clearInterval(timer);
        else res.write('{');
      }, 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'lying-length':
      res.write(body.text);
      // The declared length is longer than what comes: end the connection early.
      setTimeout(() => socket?.destroy(), 10);
      return;
    case 'cut-off':
      res.write(body.text.slice(0, Math.floor(body.text.length / 2)));
      setTimeout(() => socket?.destroy(), 10);
      return;
    case 'gzip-bomb':
    case 'gzip-garbage':
      res.end(body.kind === 'gzip-bomb' ? gzipSync(Buffer.alloc(body.bytes, '{')) : Buffer.from(body.text));
      return;
    case 'no-answer':
      if (socket) sockets.add(socket);
      return;
  }
}

function headersFor(answer: HostileAnswer): Record<string, string> {
  const headers: Record<string, string> = { ...answer.headers };
  const body = answer.body;
  if (body.kind === 'huge' && body.declareLength) headers['content-length'] = String(body.bytes);
  if (body.kind === 'lying-length') headers['content-length'] = String(Buffer.byteLength(body.text) + 1000);
  if (body.kind === 'gzip-bomb' || body.kind === 'gzip-garbage') headers['content-encoding'] = 'gzip';
  return headers;
}

export async function startHostileServer(): Promise<HostileServer> {
  const pki = createLabPki();
  const sockets = new Set<Socket>();
  const state: HostileServer = {
    url: '',
    caPem: pki.caCertPem,
    answer: { status: 200, headers: {}, body: { kind: 'text', text: '{}' } },
    preamble: undefined,
    requests: [],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (req, res) => {
    state.requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    const answer = state.preamble?.(req) ?? state.answer;
    try {
      if (answer.body.kind !== 'no-answer') res.writeHead(answer.status, headersFor(answer));
    } catch {
      // A header the server refuses to send (the fuzzer made it): send the body without it.
      res.writeHead(answer.status);
    }
    writeBody(res, answer.body, sockets);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Some hostile answers are cut off on purpose; a client-side reset must not take the server down.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  state.url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return state;
}
