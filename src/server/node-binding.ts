// Binds an App to a node:http server: the one place a socket is opened. Converts node's request to
// a web Request (the body streamed, bounded again by the app) and writes the Response back.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { App } from './app.js';
import { HttpError, errorResponse } from './http-error.js';

export interface Listening {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Methods a web Request refuses outright (fetch's forbidden methods); the app has no use for them,
 * so they are answered 405 here, before a Request is built.
 */
const forbiddenMethods = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** The base the request target is resolved against: only the path and query matter to the app. */
const base = 'http://aksdr.local';

/** A web Request for node's request, or an HttpError (4xx) for input no Request can be built from. */
function toRequest(req: IncomingMessage): Request {
  const method = req.method ?? 'GET';
  if (forbiddenMethods.has(method.toUpperCase())) throw new HttpError(405, 'MethodNotAllowed', `${method} is not allowed`);
  let url: URL;
  try {
    // Never the Host header: it is the client's to write ("a b", "[") and the app does not need it.
    url = new URL(req.url ?? '/', base);
  } catch {
    throw new HttpError(400, 'BadRequest', 'the request target is not a valid path');
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  try {
    return new Request(url, {
      method,
      headers,
      ...(hasBody ? { body: Readable.toWeb(req), duplex: 'half' } : {}),
    });
  } catch {
    throw new HttpError(400, 'BadRequest', 'the request cannot be read');
  }
}

export async function listen(app: App, host: string, port: number, logger?: Logger): Promise<Listening> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        let request: Request;
        try {
          request = toRequest(req);
        } catch (error) {
          // Input no Request can be built from is the client's mistake: a 4xx, as the app would say it.
          const response = errorResponse(error, randomUUID(), logger);
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
          req.resume();
          return;
        }
        const response = await app(request);
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        logger?.error({ err: error }, 'could not answer a request');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    })();
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
