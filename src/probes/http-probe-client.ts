// A small HTTP(S) GET for the app probe over Node's own http/https, so it can trust the lab's (or a
// private) CA from AKSDR_CA_FILE next to the public roots, and keep one kept-alive connection pool
// for every probe of the process (a probe every few seconds must not pay a TLS handshake each time).
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

export interface HttpProbeResponse {
  status: number;
  /** Time to the response headers. */
  latencyMs: number;
}

export interface HttpProbeClient {
  get(url: string, options?: { abortSignal?: AbortSignal }): Promise<HttpProbeResponse>;
  close(): void;
}

export interface NodeHttpProbeClientOptions {
  /** Extra CA certificates (PEM) trusted in addition to Node's public roots. */
  caPem?: string;
  /** Connections kept per host (default 2). */
  maxSocketsPerHost?: number;
}

export class NodeHttpProbeClient implements HttpProbeClient {
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent: http.Agent;

  constructor(options: NodeHttpProbeClientOptions = {}) {
    const maxSockets = options.maxSocketsPerHost ?? 2;
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets, ...(options.caPem ? { ca: [...tls.rootCertificates, options.caPem] } : {}) });
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
  }

  get(url: string, options: { abortSignal?: AbortSignal } = {}): Promise<HttpProbeResponse> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const started = performance.now();
      const request = (secure ? https : http).request(
        target,
        {
          method: 'GET',
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: { 'user-agent': 'aksdr-probe', accept: '*/*' },
          ...(options.abortSignal ? { signal: options.abortSignal } : {}),
        },
        (response) => {
          const latencyMs = Math.round(performance.now() - started);
          // Drain the body so the connection goes back to the pool.
          response.resume();
          response.on('error', () => undefined);
          resolve({ status: response.statusCode ?? 0, latencyMs });
        },
      );
      request.on('error', reject);
      request.end();
    });
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}
