// Bearer tokens for AKS clusters with Entra ID integration: one token for the AKS server application,
// fetched from our credential, reused until shortly before it expires. The token is only ever put
// into an Authorization header; it is never logged or placed in an error.
import type { TokenCredential } from '@azure/identity';
import { AdapterError } from '../core/ports/adapter-error.js';
import { aksServerScope } from '../config/credentials.js';

export interface EntraTokenSourceOptions {
  scope?: string;
  /** Refresh this long before expiry (default 5 minutes). */
  refreshBeforeExpiryInMs?: number;
  now?: () => number;
}

export class EntraTokenSource {
  private cached: { token: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  private readonly scope: string;
  private readonly refreshBeforeExpiryInMs: number;
  private readonly now: () => number;

  constructor(
    private readonly credential: TokenCredential,
    options: EntraTokenSourceOptions = {},
  ) {
    this.scope = options.scope ?? aksServerScope;
    this.refreshBeforeExpiryInMs = options.refreshBeforeExpiryInMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A valid token; concurrent callers share one refresh. */
  token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Forget the cached token (e.g. after the API server answered 401). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async refresh(): Promise<string> {
    let result: Awaited<ReturnType<TokenCredential['getToken']>>;
    try {
      result = await this.credential.getToken(this.scope);
    } catch (error) {
      throw new AdapterError('Unauthorized', `could not get an Entra ID token for the AKS API server (${this.scope})`, { target: 'kubernetes', cause: error });
    }
    if (!result) throw new AdapterError('Unauthorized', `the credential returned no token for ${this.scope}`, { target: 'kubernetes' });
    const refreshAt = Math.min(result.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY, result.expiresOnTimestamp - this.refreshBeforeExpiryInMs);
    this.cached = { token: result.token, refreshAt };
    return result.token;
  }
}
