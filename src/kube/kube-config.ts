// A KubeConfig that (1) reuses one connection pool per cluster and credential, and (2) for AKS
// clusters with Entra ID integration, authenticates with a token from our own credential instead of
// the kubeconfig's `exec: kubelogin` user (there is no kubelogin where aksdr runs).
//
// Why a subclass: client-node 2.0.1 builds a new undici Agent for every request in
// `applySecurityAuthentication` (its agent cache only serves WebSockets), so nothing is reused and
// each request pays a TLS handshake. Every API class and `Health` go through that one public
// method, so overriding it is the narrowest place to keep the first dispatcher and reuse it — and to
// put the response size cap on it (every answer read up to `maxResponseBytes`, response-size-cap.ts).
import { KubeConfig, type RequestContext, type User } from '@kubernetes/client-node';
import { Agent } from 'undici';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../azure/response-size-cap.js';
import { AdapterError } from '../core/ports/adapter-error.js';
import { responseSizeCapInterceptor } from './response-size-cap.js';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/** Supplies a bearer token (already cached/refreshed by the caller). */
export type BearerTokenProvider = () => Promise<string>;

export class ReusableKubeConfig extends KubeConfig {
  private shared: Dispatcher | undefined;
  /** The dispatcher `shared` wraps (the first one client-node made, or ours). */
  private base: Dispatcher | undefined;
  private bearerToken: BearerTokenProvider | undefined;
  /** Largest answer body read from this cluster, in bytes. */
  maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

  /** Replaces whatever the kubeconfig's current user would send with `Authorization: Bearer <token>`. */
  useBearerToken(provider: BearerTokenProvider): void {
    this.bearerToken = provider;
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    if (this.bearerToken) context.setHeaderParam('Authorization', `Bearer ${await this.bearerToken()}`);
    const created = context.getDispatcher();
    // No TLS settings of its own (a public CA, plain token auth): client-node leaves the dispatcher
    // unset (undici's global one, uncapped), so the pool is ours from the start.
    if (!this.shared) {
      this.base = created ?? new Agent();
      this.shared = this.base.compose(responseSizeCapInterceptor(this.maxResponseBytes));
    } else if (created && created !== this.base) {
      void created.close();
    }
    context.setDispatcher(this.shared);
  }

  /** Closes the pooled connections. */
  async close(): Promise<void> {
    const shared = this.shared;
    this.shared = undefined;
    this.base = undefined;
    await shared?.close();
  }
}

export interface LoadKubeconfigOptions {
  /** For Entra ID clusters: a token for the AKS server application. */
  entraToken?: BearerTokenProvider;
  /** Largest answer body read, in bytes; 8 MiB when omitted. */
  maxResponseBytes?: number;
}

/**
 * Loads a kubeconfig. When its current user authenticates through kubelogin (`exec`) or the legacy
 * `azure` auth provider, the user is replaced by one without credentials and `entraToken` supplies
 * the bearer token. The user object itself is kept: client-node applies the cluster CA only when the
 * current context has a user.
 */
export function loadKubeconfig(yaml: string, options: LoadKubeconfigOptions = {}): { config: ReusableKubeConfig; usesEntra: boolean } {
  const config = new ReusableKubeConfig();
  if (options.maxResponseBytes !== undefined) config.maxResponseBytes = options.maxResponseBytes;
  try {
    config.loadFromString(yaml);
  } catch (error) {
    throw new AdapterError('BadRequest', `the kubeconfig cannot be parsed: ${error instanceof Error ? error.message : String(error)}`, { target: 'kubernetes' });
  }
  const cluster = config.getCurrentCluster();
  const user = config.getCurrentUser();
  if (!cluster || !user) {
    throw new AdapterError('BadRequest', 'the kubeconfig has no current context with a cluster and a user', { target: 'kubernetes' });
  }
  const usesEntra = isEntraUser(user);
  if (usesEntra) {
    if (!options.entraToken) {
      throw new AdapterError('Unauthorized', `the kubeconfig user "${user.name}" signs in through Entra ID (kubelogin); aksdr needs an Azure credential for it`, { target: 'kubernetes' });
    }
    config.loadFromOptions({
      clusters: config.getClusters(),
      contexts: config.getContexts(),
      users: config.getUsers().map((u) => (u.name === user.name ? { name: u.name } : u)),
      currentContext: config.getCurrentContext(),
    });
    config.useBearerToken(options.entraToken);
  }
  return { config, usesEntra };
}

function isEntraUser(user: User): boolean {
  const exec = user.exec as { command?: unknown } | undefined;
  if (exec && typeof exec.command === 'string' && /kubelogin/i.test(exec.command)) return true;
  const provider = user.authProvider as { name?: unknown } | undefined;
  return provider?.name === 'azure';
}
