// Every answer aksdr reads from the network is read with a size cap. An ARM or Kubernetes answer is
// a few kilobytes (the largest we read, a deployments list of a busy namespace, is a few hundred);
// a body of gigabytes — a broken proxy, a hostile endpoint, a decompression bomb — must end as a
// clear error, not as an out-of-memory crash of the controller that is supposed to survive outages.
//
// For the Azure SDKs this is a pipeline policy next to the HTTP client: it asks the client for the
// body as a stream and reads it up to the cap (after decompression, so a gzip bomb counts at its
// real size). A body that never ends is stopped by the call's deadline (the abort signal), or by
// the cap when it streams fast. The Kubernetes side does the same in an undici interceptor
// (src/kube/response-size-cap.ts).
import { AdapterError } from '../core/ports/adapter-error.js';

/** 8 MiB: ~20× the largest answer we expect, ~100× a typical one. Configurable per connection. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export const responseTooLargeCode = 'AKSDR_RESPONSE_TOO_LARGE';

/** What a capped read throws; adapters turn it into an AdapterError naming the operation. */
export class ResponseTooLargeError extends Error {
  readonly code = responseTooLargeCode;
  override readonly name = 'ResponseTooLargeError';

  constructor(
    readonly maxBytes: number,
    readonly url?: string,
    message = `the answer is larger than ${maxBytes} bytes (the response size cap)`,
  ) {
    super(message);
  }
}

/** The cap error anywhere in an error's cause chain (fetch wraps it in `TypeError: terminated`). */
export function responseTooLargeIn(error: unknown): ResponseTooLargeError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if ((current as { code?: unknown }).code === responseTooLargeCode) return current as ResponseTooLargeError;
    current = current.cause;
  }
  return undefined;
}

/** Structural slices of @azure/core-rest-pipeline (as in arm-connection.ts: no direct dependency). */
interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
interface CappedRequest {
  url: string;
  method: string;
  abortSignal?: AbortSignalLike | undefined;
  streamResponseStatusCodes?: Set<number>;
}
interface CappedResponse {
  status: number;
  headers: { get(name: string): string | undefined };
  bodyAsText?: string | null;
  readableStreamBody?: NodeJS.ReadableStream;
}
interface PipelineWithPolicies {
  addPolicy(policy: CapPolicy, options?: { afterPhase?: 'Sign' }): void;
}
export interface CapPolicy {
  name: string;
  sendRequest<Request extends CappedRequest, Response extends CappedResponse>(request: Request, next: (request: Request) => Promise<Response>): Promise<Response>;
}

export const responseSizeCapPolicyName = 'aksdrResponseSizeCapPolicy';

const anyStatus = new Set([Number.POSITIVE_INFINITY]);

/**
 * The policy. Requests that ask for a stream themselves (downloads) are left alone: whoever asked
 * for a stream reads it. Everything else gets its body as text, read up to `maxBytes`.
 */
export function responseSizeCapPolicy(maxBytes: number = DEFAULT_MAX_RESPONSE_BYTES): CapPolicy {
  return {
    name: responseSizeCapPolicyName,
    async sendRequest(request, next) {
      // core-client sets an empty set on every operation that streams nothing.
      const asked = request.streamResponseStatusCodes;
      if (asked !== undefined && asked.size > 0) return next(request);
      request.streamResponseStatusCodes = anyStatus;
      let response;
      try {
        response = await next(request);
      } finally {
        if (asked === undefined) delete request.streamResponseStatusCodes;
        else request.streamResponseStatusCodes = asked;
      }
      const stream = response.readableStreamBody;
      if (!stream) return response;
      delete response.readableStreamBody;
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        destroy(stream);
        throw new ResponseTooLargeError(maxBytes, request.url);
      }
      response.bodyAsText = await readCapped(stream, maxBytes, request.abortSignal, request.url);
      return response;
    },
  };
}

/** Adds the policy next to the HTTP client (after the Sign phase), so it sees each attempt's raw body. */
export function addResponseSizeCap(pipeline: PipelineWithPolicies, maxBytes?: number): void {
  pipeline.addPolicy(responseSizeCapPolicy(maxBytes), { afterPhase: 'Sign' });
}

function destroy(stream: NodeJS.ReadableStream): void {
  (stream as { destroy?: (error?: Error) => void }).destroy?.();
}

function readCapped(stream: NodeJS.ReadableStream, maxBytes: number, signal: AbortSignalLike | undefined, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error): void => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        destroy(stream);
        reject(error);
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxBytes) finish(new ResponseTooLargeError(maxBytes, url));
      else chunks.push(buffer);
    };
    const onEnd = (): void => finish();
    const onError = (error: Error): void => finish(error);
    const onAbort = (): void => {
      const reason: unknown = signal?.reason;
      finish(reason instanceof Error ? reason : Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }));
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** The AdapterError for a capped answer, or undefined when `error` is not one. */
export function responseTooLargeAdapterError(error: unknown, target: string, operation: string, where = ''): AdapterError | undefined {
  const tooLarge = responseTooLargeIn(error);
  if (!tooLarge) return undefined;
  return new AdapterError('Unknown', `${operation}${where}: ${tooLarge.message}`, { target, operation, cause: tooLarge });
}
