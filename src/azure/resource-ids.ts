// Resource ids in, SDK path arguments out — with a BadRequest AdapterError for an id of the wrong shape or type.
import { AdapterError } from '../core/ports/adapter-error.js';
import { isResourceType, parseResourceId, type KnownResourceType, type ResourceId } from '../policy/resource-id.js';

export function requireResourceId(id: string, expectedType: KnownResourceType, operation: string): ResourceId {
  const parsed = parseResourceId(id);
  if (!parsed || !isResourceType(parsed, expectedType)) {
    throw new AdapterError('BadRequest', `${operation}: "${id}" is not a ${expectedType} resource id`, { target: 'arm', operation });
  }
  return parsed;
}

/** One SDK client per subscription, created on first use; owned by one adapter instance. */
export class PerSubscription<T> {
  private readonly clients = new Map<string, T>();
  constructor(private readonly create: (subscriptionId: string) => T) {}
  get(subscriptionId: string): T {
    const key = subscriptionId.toLowerCase();
    let client = this.clients.get(key);
    if (!client) {
      client = this.create(subscriptionId);
      this.clients.set(key, client);
    }
    return client;
  }
}
