// ARM's bearer-token check, with its error codes and `WWW-Authenticate` challenge. Tokens must
// come from the lab's Entra, for the lab's tenant, with ARM's audience (the public ARM resource
// ids, or the lab's ARM URL itself, which a client gets when it asks for `${endpoint}/.default`).
import type { LabContext } from '../context.js';
import type { LabRequest } from '../http/handler.js';
import type { TokenService } from '../entra/token-service.js';
import { ArmError } from './errors.js';

const armAudiences = ['https://management.azure.com', 'https://management.core.windows.net'];

function normalizeAudience(aud: string): string {
  return aud.replace(/\/+$/, '').toLowerCase().replace('://localhost:', '://127.0.0.1:');
}

function challenge(ctx: LabContext, description: string): Record<string, string> {
  const authority = `${ctx.urls.entra}/${ctx.world.identity.tenantId}`;
  return { 'www-authenticate': `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${description}"` };
}

function armDate(ms: number): string {
  // ARM words token times like .NET's invariant culture: 11/23/2026 12:00:00 PM.
  const d = new Date(ms);
  const hours = d.getUTCHours() % 12 || 12;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hours}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

export async function authenticate(ctx: LabContext, tokens: TokenService, request: LabRequest): Promise<ArmError | undefined> {
  const header = request.headers.authorization;
  const fail = (code: string, message: string, description: string): ArmError => new ArmError(401, code, message, challenge(ctx, description));
  if (!header) return fail('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", "The authentication failed because of missing 'Authorization' header.");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    return fail('AuthenticationFailedInvalidHeader', "Authentication failed. The 'Authorization' header is provided in an invalid format.", "The 'Authorization' header is provided in an invalid format.");
  }
  const check = await tokens.verify(match[1]);
  if (!check.ok) {
    if (check.reason === 'expired') {
      const message = `The access token expiry UTC time '${armDate((check.expiredAt ?? 0) * 1000)}' is earlier than current UTC time '${armDate(ctx.clock.now())}'.`;
      return fail('ExpiredAuthenticationToken', message, 'The access token has expired.');
    }
    return fail('InvalidAuthenticationToken', 'The access token is invalid.', 'The access token is invalid.');
  }
  const { aud, tid } = check.claims;
  const allowed = [...armAudiences, ctx.urls.arm].map(normalizeAudience);
  if (!allowed.includes(normalizeAudience(aud))) {
    return fail(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com','${ctx.urls.arm}'.`,
      'The access token has been obtained for wrong audience or resource.',
    );
  }
  if (tid.toLowerCase() !== ctx.world.identity.tenantId.toLowerCase()) {
    return fail('InvalidAuthenticationTokenTenant', `The access token is from the wrong issuer. It must match the tenant '${ctx.world.identity.tenantId}' associated with this subscription.`, 'The access token is from the wrong issuer.');
  }
  return undefined;
}
