// Binds a LabHandler to a loopback port, over HTTPS (with the lab's certificate) or plain HTTP.
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { isDrop, type DeadMode, type LabHandler, type LabReply } from './handler.js';

export interface ServeOptions {
  port?: number;
  tls?: { key: string; cert: string };
  /** Answer used when the handler throws: a bug in the lab must not take the lab down. */
  onError?: (error: unknown) => LabReply;
  maxBodyBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const defaultOnError = (): LabReply => ({ status: 500, body: { error: { code: 'InternalServerError', message: 'The lab failed to handle the request.' } } });

export async function serve(handler: LabHandler, options: ServeOptions = {}): Promise<RunningServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        send(res, { status: 413, body: { error: { code: 'RequestEntityTooLarge', message: `Request body exceeds ${maxBodyBytes} bytes.` } } });
        return;
      }
      const url = new URL(req.url ?? '/', `https://${req.headers.host ?? '127.0.0.1'}`);
      Promise.resolve()
        .then(() => handler({ method: (req.method ?? 'GET').toUpperCase(), url, headers: req.headers, body: Buffer.concat(chunks) }))
        .catch((error: unknown) => (options.onError ?? defaultOnError)(error))
        .then((response) => {
          const act = (): void => {
            if (isDrop(response)) die(req.socket, response.mode ?? 'refused');
            else send(res, response);
          };
          if (response.delayMs && response.delayMs > 0) {
            const timer = setTimeout(() => {
              timers.delete(timer);
              if (!req.socket.destroyed) act();
            }, response.delayMs);
            timers.add(timer);
          } else act();
        })
        .catch(() => req.socket.destroy());
    });
    req.on('error', () => req.socket.destroy());
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A blackholed request is left unanswered on its socket; `close()` destroys every socket, so a
 * hung client never keeps the lab from stopping.
 */
function die(socket: Socket, mode: DeadMode): void {
  if (mode === 'blackhole') return;
  if (mode === 'refused') {
    socket.destroy();
    return;
  }
  // A TLS socket cannot send a RST itself; the TCP socket under it can (Node keeps it as `_parent`).
  const tcp = (socket as Socket & { _parent?: unknown })._parent;
  const raw = tcp instanceof net.Socket ? tcp : socket;
  if (typeof raw.resetAndDestroy === 'function' && !raw.destroyed) raw.resetAndDestroy();
  else socket.destroy();
}

function send(res: http.ServerResponse, reply: LabReply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload: string | Buffer | undefined;
  if (reply.body === undefined) payload = undefined;
  else if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) payload = reply.body;
  else {
    payload = JSON.stringify(reply.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}
