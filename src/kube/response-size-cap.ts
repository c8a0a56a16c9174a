// The response size cap (see src/azure/response-size-cap.ts for why and how much) for the
// Kubernetes API servers: an undici interceptor on the one pooled dispatcher per cluster
// (kube-config.ts), so client-node's API calls and our own /readyz fetch are both capped. A declared
// Content-Length over the cap is refused before the body is read; otherwise the body is counted as
// it arrives and the request aborted the moment it passes the cap.
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
  return (dispatch) => (options, handler) => dispatch(options, new CappedHandler(handler, maxBytes, `${String(options.origin ?? '')}${options.path}`));
}
