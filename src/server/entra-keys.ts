// The API's Entra ID settings from the environment, and the tenant's published signing keys (JWKS)
// fetched by jose — through aksdr's CA settings, so a private authority (or the lab) works too.
import { rootCertificates } from 'node:tls';
import { createRemoteJWKSet, customFetch } from 'jose';
import { Agent, fetch as undiciFetch } from 'undici';
import type { EntraAuthSettings } from './auth.js';

const list = (value: string | undefined): string[] => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

/** Undefined when AKSDR_API_AUDIENCE is not set (Entra ID sign-in off). */
export function entraSettingsFromEnv(env: Readonly<Record<string, string | undefined>>, authorityHost: string, caPem?: string): EntraAuthSettings | undefined {
  const audience = env.AKSDR_API_AUDIENCE?.trim();
  if (!audience) return undefined;
  const tenantId = (env.AKSDR_API_TENANT_ID ?? env.AZURE_TENANT_ID)?.trim();
  if (!tenantId) throw new Error('AKSDR_API_AUDIENCE is set but no tenant: set AKSDR_API_TENANT_ID (or AZURE_TENANT_ID)');
  const authority = authorityHost.replace(/\/+$/, '');
  const agent = new Agent({ connect: caPem ? { ca: [...rootCertificates, caPem] } : {} });
  const keys = createRemoteJWKSet(new URL(`${authority}/${tenantId}/discovery/v2.0/keys`), {
    [customFetch]: (url: string, init: RequestInit) => undiciFetch(url, { ...init, dispatcher: agent } as Parameters<typeof undiciFetch>[1]),
  });
  return { tenantId, audience, authorityHost: authority, allowedRoles: list(env.AKSDR_API_ALLOWED_ROLES ?? 'aksdr.operator'), allowedGroups: list(env.AKSDR_API_ALLOWED_GROUPS), allowedPrincipals: list(env.AKSDR_API_ALLOWED_PRINCIPALS), keys };
}
