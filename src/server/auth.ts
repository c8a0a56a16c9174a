// Who may change anything through the API. Two ways, both checked on every mutating call:
// - an Entra ID bearer token: signature against the tenant's published keys (JWKS, fetched and
//   cached by jose), issuer of that tenant (v2 or v1 form), the configured audience, not expired
//   (60 s of clock skew), and one of the allowed app roles (`roles`), groups (`groups`) or principal
//   object / application ids (`oid`, `azp`, `appid`);
// - a shared token (AKSDR_API_TOKEN) for local use, compared in constant time.
// The caller found is audited with every command; a refusal says why without echoing the token.
import { createHash, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../engine/clock.js';
import { HttpError } from './http-error.js';

export type Caller = { kind: 'entra'; id: string; name: string; roles: string[] } | { kind: 'shared-token'; name: string };

export type Authenticator = (authorization: string | null) => Promise<Caller>;

export interface EntraAuthSettings {
  tenantId: string;
  /** The API's application id URI or client id, as the token's `aud`. */
  audience: string;
  /** e.g. https://login.microsoftonline.com (AZURE_AUTHORITY_HOST). */
  authorityHost: string;
  allowedRoles: readonly string[];
  allowedGroups: readonly string[];
  allowedPrincipals: readonly string[];
  keys: JWTVerifyGetKey;
}

export interface AuthSettings {
  entra?: EntraAuthSettings;
  sharedToken?: string;
  clock: Clock;
}

const unauthorized = (message: string): HttpError => new HttpError(401, 'Unauthorized', message, { 'www-authenticate': 'Bearer' });
const forbidden = (message: string): HttpError => new HttpError(403, 'Forbidden', message);

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function createAuthenticator(settings: AuthSettings): Authenticator {
  const { entra, sharedToken, clock } = settings;
  return async (authorization) => {
    if (!entra && !sharedToken) throw forbidden('the API accepts no changes: configure AKSDR_API_AUDIENCE (+ tenant, allowed roles) or AKSDR_API_TOKEN');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match?.[1]) throw unauthorized('a bearer token is required');
    const token = match[1];
    if (sharedToken && timingSafeEqual(digest(token), digest(sharedToken))) return { kind: 'shared-token', name: 'shared-token' };
    if (!entra) throw unauthorized('the token is not valid');
    let payload: JWTPayload;
    try {
      const tenant = entra.tenantId;
      const authority = entra.authorityHost.replace(/\/+$/, '');
      ({ payload } = await jwtVerify(token, entra.keys, {
        audience: entra.audience,
        issuer: [`${authority}/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`],
        clockTolerance: 60,
        // Asymmetric signatures only: Entra signs with RS256 (the lab with ES256); never `none` or HMAC.
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'],
        currentDate: new Date(clock.now()),
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthorized('the token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw unauthorized(`the token is not for this API (${error.claim} does not match)`);
      throw unauthorized('the token is not valid');
    }
    const roles = strings(payload.roles);
    const groups = strings(payload.groups);
    const ids = [payload.oid, payload.azp, payload.appid].filter((v): v is string => typeof v === 'string');
    const allowed = roles.some((r) => entra.allowedRoles.includes(r)) || groups.some((g) => entra.allowedGroups.includes(g)) || ids.some((id) => entra.allowedPrincipals.includes(id));
    const id = typeof payload.oid === 'string' ? payload.oid : (payload.sub ?? 'unknown');
    const name = [payload.preferred_username, payload.upn, payload.name, payload.appid, payload.azp].find((v): v is string => typeof v === 'string') ?? id;
    if (!allowed) throw forbidden(`${name} (${id}) has none of the allowed roles (${entra.allowedRoles.join(', ') || 'none'}) or groups`);
    return { kind: 'entra', id, name, roles };
  };
}
