// ARM's request throttling, as "Understand how Azure Resource Manager throttles requests" describes
// it (the token-bucket algorithm): each subscription and principal has a bucket of reads, one of
// writes and one of deletes (250 / 200 / 200 tokens, refilled at 25 / 10 / 10 per second); every
// request the front door admits takes a token, each answer says how many are left in
// `x-ms-ratelimit-remaining-subscription-{reads,writes,deletes}`, and an empty bucket answers 429
// SubscriptionRequestsThrottled with the seconds until the next token in Retry-After.
//
// The `arm-throttle` fault lowers the budget of the requests it matches to `budget` tokens
// (default 0: refused at once), refilled every `retryAfterSeconds`; its `count` counts the requests
// it refused. Buckets refill on the lab clock.
import { decodeJwt } from 'jose';
import type { LabContext } from '../context.js';
import type { Fault } from '../faults.js';
import type { LabRequest } from '../http/handler.js';
import { ArmError } from './errors.js';

export type RequestClass = 'reads' | 'writes' | 'deletes';

interface BucketShape {
  capacity: number;
  refillPerSecond: number;
}

export const subscriptionBuckets: Readonly<Record<RequestClass, BucketShape>> = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
};

interface Bucket {
  tokens: number;
  atMs: number;
}

export function requestClassOf(method: string): RequestClass {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD') return 'reads';
  return upper === 'DELETE' ? 'deletes' : 'writes';
}

/** The principal ARM throttles by: the token's object id (or app id). Only called on verified tokens. */
function principalOf(request: LabRequest): string {
  const token = /^Bearer\s+(\S+)/i.exec(String(request.headers.authorization ?? ''))?.[1];
  if (!token) return 'anonymous';
  const claims = decodeJwt(token);
  const id = [claims.oid, claims.appid, claims.sub].find((c): c is string => typeof c === 'string');
  return id ?? 'unknown';
}

export class ArmThrottle {
  private readonly buckets = new Map<string, Bucket>();
  /** Requests admitted so far, by class: ARM's own count, to hold a client's request accounting to. */
  readonly admitted: Record<RequestClass, number> = { reads: 0, writes: 0, deletes: 0 };

  constructor(private readonly ctx: LabContext) {}

  /**
   * Admit one request or refuse it. Returns the rate-limit headers for the answer; throws the 429.
   * `fault` is the arm-throttle fault matching the request, if any.
   */
  admit(request: LabRequest, fault: Fault | undefined): Record<string, string> {
    const kind = requestClassOf(request.method);
    const principal = principalOf(request);
    const subscriptionId = this.ctx.world.identity.subscriptionId;
    const header = `x-ms-ratelimit-remaining-subscription-${kind}`;
    const real = this.take(`${subscriptionId}|${principal}|${kind}`, subscriptionBuckets[kind]);
    let remaining = real.remaining;
    let refusedFor = real.admitted ? undefined : real.retryAfterSeconds;
    if (fault && refusedFor === undefined) {
      const retryAfterSeconds = fault.retryAfterSeconds ?? 1;
      const capacity = fault.budget ?? 0;
      const lowered = this.take(`fault:${fault.id}|${subscriptionId}|${principal}|${kind}`, { capacity, refillPerSecond: capacity / Math.max(retryAfterSeconds, 1) });
      remaining = Math.min(remaining, lowered.remaining);
      if (!lowered.admitted && this.ctx.faults.fire(fault)) refusedFor = retryAfterSeconds;
    }
    if (refusedFor !== undefined) throw throttled(kind, subscriptionId, principal, refusedFor, header);
    this.admitted[kind] += 1;
    return { [header]: String(remaining) };
  }

  private take(key: string, shape: BucketShape): { admitted: boolean; remaining: number; retryAfterSeconds: number } {
    const now = this.ctx.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: shape.capacity, atMs: now };
    bucket.tokens = Math.min(shape.capacity, bucket.tokens + ((now - bucket.atMs) / 1000) * shape.refillPerSecond);
    bucket.atMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { admitted: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const retryAfterSeconds = shape.refillPerSecond > 0 ? Math.max(1, Math.ceil((1 - bucket.tokens) / shape.refillPerSecond)) : 1;
    return { admitted: false, remaining: 0, retryAfterSeconds };
  }
}

function throttled(kind: RequestClass, subscriptionId: string, principal: string, retryAfterSeconds: number, header: string): ArmError {
  const noun = kind === 'reads' ? 'read' : kind === 'writes' ? 'write' : 'delete';
  return new ArmError(
    429,
    'SubscriptionRequestsThrottled',
    `Number of '${noun}' requests for subscription '${subscriptionId}' actor '${principal}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
    { 'retry-after': String(retryAfterSeconds), [header]: '0' },
  );
}
