// The lab's token issuer: signs access tokens the way Entra ID does for a client-credentials grant
// and verifies them for the ARM emulator. Lifetimes run on the lab clock, so a test with a
// ManualClock can make a token expire without waiting.
import { randomUUID } from 'node:crypto';
import { SignJWT, errors, exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { LabContext } from '../context.js';

const algorithm = 'ES256';

export interface TokenRequest {
  tenantId: string;
  clientId: string;
  /** The resource the token is for (the scope without `/.default`), e.g. `https://management.azure.com`. */
  resource: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
  /** Expiry in epoch seconds, on the lab clock. */
  expiresOn: number;
  notBefore: number;
}

export interface AccessTokenClaims extends JWTPayload {
  aud: string;
  tid: string;
  appid: string;
  oid: string;
}

export type TokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired'; expiredAt?: number };

interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export class TokenService {
  readonly keyId = randomUUID();
  private readonly keys: Promise<SigningKeys>;
  /** Object ids of service principals, stable per client id like a real directory. */
  private readonly objectIds = new Map<string, string>();

  constructor(private readonly ctx: LabContext) {
    this.keys = generateKeyPair(algorithm, { extractable: true }).then(async ({ privateKey, publicKey }) => ({
      privateKey,
      publicKey,
      publicJwk: { ...(await exportJWK(publicKey)), kid: this.keyId, use: 'sig', alg: algorithm },
    }));
  }

  /** The issuer for a tenant, as announced in its OpenID configuration. */
  issuer(tenantId: string): string {
    return `${this.ctx.urls.entra}/${tenantId}/v2.0`;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.keys).publicJwk] };
  }

  async issue(request: TokenRequest): Promise<IssuedToken> {
    const { privateKey } = await this.keys;
    const lifetimeSeconds = this.ctx.timing.tokenLifetimeSeconds;
    const now = Math.floor(this.ctx.clock.now() / 1000);
    const expiresOn = now + lifetimeSeconds;
    let oid = this.objectIds.get(request.clientId);
    if (!oid) {
      oid = randomUUID();
      this.objectIds.set(request.clientId, oid);
    }
    const accessToken = await new SignJWT({ tid: request.tenantId, appid: request.clientId, azp: request.clientId, oid, idtyp: 'app', ver: '2.0' })
      .setProtectedHeader({ alg: algorithm, typ: 'JWT', kid: this.keyId })
      .setIssuer(this.issuer(request.tenantId))
      .setAudience(request.resource)
      .setSubject(oid)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(expiresOn)
      .setJti(randomUUID())
      .sign(privateKey);
    return { accessToken, expiresInSeconds: lifetimeSeconds, expiresOn, notBefore: now };
  }

  async verify(token: string | undefined): Promise<TokenCheck> {
    if (!token) return { ok: false, reason: 'missing' };
    const { publicKey } = await this.keys;
    try {
      const { payload } = await jwtVerify(token, publicKey, { algorithms: [algorithm], currentDate: new Date(this.ctx.clock.now()) });
      if (typeof payload.aud !== 'string' || typeof payload.tid !== 'string' || typeof payload.appid !== 'string' || typeof payload.oid !== 'string') {
        return { ok: false, reason: 'invalid' };
      }
      return { ok: true, claims: payload as AccessTokenClaims };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired', expiredAt: typeof error.payload.exp === 'number' ? error.payload.exp : undefined };
      return { ok: false, reason: 'invalid' };
    }
  }
}
