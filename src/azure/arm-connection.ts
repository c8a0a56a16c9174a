// What every Azure Resource Manager client shares: where ARM is, which token audience, which CA to
// trust, how patient the SDK's own retries are, and the accounting policy that counts each request.
import type { TokenCredential } from '@azure/identity';
import type { AzureEnvironment } from '../config/azure-environment.js';
import { codeOfStatus } from '../core/ports/http-failure.js';
import { addResponseSizeCap } from './response-size-cap.js';
import { noRequestRecorder, outcomeOf, type RequestOutcome, type RequestRecorder } from '../metrics/request-counter.js';

export interface ArmConnection {
  environment: AzureEnvironment;
  credential: TokenCredential;
  /** Counts every HTTP attempt (retries included). */
  recorder?: RequestRecorder;
  /** The SDK's retry policy (429 with Retry-After, 408, 5xx, network errors). Defaults: SDK defaults. */
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  /** Default upper bound of one call including its retries; 30 s when omitted. */
  defaultTimeoutInMs?: number;
  /** Largest answer body read, in bytes (after decompression); 8 MiB when omitted (response-size-cap.ts). */
  maxResponseBytes?: number;
}

/** The options the three SDK clients have in common (the scope option differs per client). */
export function commonClientOptions(connection: ArmConnection): {
  endpoint: string;
  tlsOptions?: { ca: string };
  retryOptions?: ArmConnection['retryOptions'];
  userAgentOptions: { userAgentPrefix: string };
} {
  const { environment } = connection;
  return {
    endpoint: environment.armEndpoint,
    ...(environment.caPem ? { tlsOptions: { ca: environment.caPem } } : {}),
    ...(connection.retryOptions ? { retryOptions: connection.retryOptions } : {}),
    userAgentOptions: { userAgentPrefix: 'aksdr' },
  };
}

/** Structural slice of @azure/core-rest-pipeline's Pipeline, so this file does not depend on that package directly. */
interface PipelineLike {
  addPolicy(policy: PolicyLike, options?: { afterPhase?: 'Serialize' | 'Retry' | 'Sign' | 'Deserialize' }): void;
}
interface PolicyLike {
  name: string;
  sendRequest(request: RequestLike, next: (request: RequestLike) => Promise<ResponseLike>): Promise<ResponseLike>;
}
interface RequestLike {
  url: string;
  method: string;
}
interface ResponseLike {
  status: number;
}

export const requestAccountingPolicyName = 'aksdrRequestAccountingPolicy';

/** What every ARM client's pipeline gets: each attempt counted, each answer read with the size cap. */
export function instrumentArmPipeline(pipeline: PipelineLike & Parameters<typeof addResponseSizeCap>[0], connection: ArmConnection): void {
  addRequestAccounting(pipeline, connection.recorder);
  addResponseSizeCap(pipeline, connection.maxResponseBytes);
}

/** Adds a policy after the retry phase, so it sees (and counts) every attempt, not just every call. */
export function addRequestAccounting(pipeline: PipelineLike, recorder: RequestRecorder = noRequestRecorder, now: () => number = () => performance.now()): void {
  pipeline.addPolicy(
    {
      name: requestAccountingPolicyName,
      async sendRequest(request, next) {
        const started = now();
        const { operation, cluster } = describeArmRequest(request.method, request.url);
        try {
          const response = await next(request);
          recorder.record({ target: 'arm', cluster, operation, outcome: outcomeOfStatus(response.status), durationInMs: now() - started });
          return response;
        } catch (error) {
          recorder.record({ target: 'arm', cluster, operation, outcome: outcomeOfFailure(error), durationInMs: now() - started });
          throw error;
        }
      },
    },
    { afterPhase: 'Retry' },
  );
}

/**
 * `GET trafficmanagerprofiles/externalendpoints`, `POST managedclusters/listclusterusercredential`:
 * the method and the resource types (names dropped), so the label set stays small.
 */
export function describeArmRequest(method: string, url: string): { operation: string; cluster: string } {
  let segments: string[];
  try {
    segments = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    return { operation: method.toUpperCase(), cluster: '' };
  }
  const providerAt = segments.map((s) => s.toLowerCase()).lastIndexOf('providers');
  const tail = providerAt >= 0 ? segments.slice(providerAt + 2) : segments;
  const types = tail.filter((_, i) => i % 2 === 0).map((s) => s.toLowerCase());
  const clusterAt = tail.findIndex((s) => s.toLowerCase() === 'managedclusters');
  return { operation: `${method.toUpperCase()} ${types.join('/')}`, cluster: clusterAt >= 0 ? (tail[clusterAt + 1] ?? '') : '' };
}

export function outcomeOfStatus(status: number): RequestOutcome {
  return status < 400 ? 'success' : outcomeOf(codeOfStatus(status));
}

function outcomeOfFailure(error: unknown): RequestOutcome {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return 'aborted';
  return 'unavailable';
}
