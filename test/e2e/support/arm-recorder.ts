// A recording HTTPS proxy in front of the lab's ARM, one port per replica: every request a replica
// sends to ARM is forwarded unchanged and logged with the replica's name and the time, so a test can
// tell *who* wrote what and when — the lab itself does not know its callers apart.
import { request as httpsRequest } from 'node:https';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Lab } from '../../../src/lab/lab.js';

export interface ArmCall {
  replica: string;
  method: string;
  path: string;
  /** Epoch ms when the proxy received the request. */
  at: number;
  status?: number;
}

export interface ArmRecorder {
  calls: ArmCall[];
  /** Starts a proxy for one replica; resolves with its URL (use as AKSDR_ARM_ENDPOINT). */
  forReplica(replica: string): Promise<string>;
  close(): Promise<void>;
}

export function armRecorder(lab: Lab): ArmRecorder {
  const calls: ArmCall[] = [];
  const servers: Server[] = [];
  const target = new URL(lab.ctx.urls.arm);
  return {
    calls,
    forReplica: async (replica) => {
      const server = createServer({ key: lab.ctx.pki.serverKeyPem, cert: lab.ctx.pki.serverCertPem }, (req, res) => {
        const call: ArmCall = { replica, method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now() };
        calls.push(call);
        const upstream = httpsRequest(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host }, ca: lab.ctx.pki.caCertPem },
          (answer) => {
            call.status = answer.statusCode;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        req.pipe(upstream);
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined),
  };
}
