// The response size cap (see src/azure/response-size-cap.ts for why and how much) for the
// Kubernetes API servers: an undici interceptor on the one pooled dispatcher per cluster
// (kube-config.ts), so client-node's API calls and our own /readyz fetch are both capped. A declared
// Content-Length over the cap is refused before the body is read; otherwise the body is counted as
// it arrives and the request aborted the moment it passes the cap.
//
// Compression: fetch decompresses after this interceptor, so counting here would let a gzip bomb (a
// few kilobytes that inflate to gigabytes) through. We ask for `identity` instead — an API server
// then answers uncompressed — and refuse a compressed answer we did not ask for.
import type { Dispatcher } from 'undici';
import { ResponseTooLargeError } from '../azure/response-size-cap.js';

type Handler = Dispatcher.DispatchHandler;
type Controller = Parameters<NonNullable<Handler['onResponseData']>>[0];

class CappedHandler implements Handler {
  private size = 0;
  private refused = false;

  constructor(
    private readonly inner: Handler,
    private readonly maxBytes: number,
    private readonly url: string,
  ) {}

  onRequestStart(...args: Parameters<NonNullable<Handler['onRequestStart']>>): void {
    this.inner.onRequestStart?.(...args);
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Handler['onRequestUpgrade']>>): void {
    this.inner.onRequestUpgrade?.(...args);
  }

  onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    const declared = Number(headers['content-length']);
    if (statusCode >= 200 && Number.isFinite(declared) && declared > this.maxBytes) {
      this.refuse(controller);
      return;
    }
    const encoding = String(headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (statusCode >= 200 && encoding !== '' && encoding !== 'identity') {
      this.refused = true;
      controller.abort(new ResponseTooLargeError(this.maxBytes, this.url, `the answer is compressed (${encoding.slice(0, 40)}) although aksdr asked for none; compressed answers are refused so the response size cap holds`));
      return;
    }
    this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.refused) return;
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.refuse(controller);
      return;
    }
    this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(...args: Parameters<NonNullable<Handler['onResponseEnd']>>): void {
    if (!this.refused) this.inner.onResponseEnd?.(...args);
  }

  onResponseError(controller: Controller, error: Error): void {
    this.inner.onResponseError?.(controller, error);
  }

  private refuse(controller: Controller): void {
    this.refused = true;
    controller.abort(new ResponseTooLargeError(this.maxBytes, this.url));
  }
}

/** An interceptor for `dispatcher.compose(...)`: every response body read up to `maxBytes`. */
export function responseSizeCapInterceptor(maxBytes: number): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => dispatch({ ...options, headers: withIdentityEncoding(options.headers) }, new CappedHandler(handler, maxBytes, `${String(options.origin ?? '')}${options.path}`));
}

type Headers = Dispatcher.DispatchOptions['headers'];

/** The request headers with `accept-encoding: identity` (whatever form undici was given them in). */
function withIdentityEncoding(headers: Headers): Headers {
  const pairs: [string, string][] = [];
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([String(headers[i]), String(headers[i + 1])]);
  } else if (headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [key, value] of headers as Iterable<[string, string | string[] | undefined]>) if (value !== undefined) pairs.push([key, String(value)]);
  } else if (headers) {
    for (const [key, value] of Object.entries(headers)) if (value !== undefined) pairs.push([key, String(value)]);
  }
  const kept = Object.fromEntries(pairs.filter(([key]) => key.toLowerCase() !== 'accept-encoding'));
  return { ...kept, 'accept-encoding': 'identity' };
}
