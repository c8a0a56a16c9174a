// The client-credentials grant with a federated client assertion, as Entra ID checks one for
// workload identity federation: the assertion (a projected Kubernetes service-account token) must
// match a federated identity credential of the application — its issuer, its subject and its
// audience — and verify against the keys its issuer publishes, fetched the way Entra fetches them
// (the issuer's OpenID configuration, then its `jwks_uri`), within its validity on the lab clock.
import https from 'node:https';
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { LabContext } from '../context.js';
import { tokenExchangeAudience } from '../kube/service-account-issuer.js';

export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A federated identity credential on the lab's application. */
export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

/** The service account aksdr runs as in each cluster (namespace `aksdr`, name `aksdr`). */
export const aksdrServiceAccount = { namespace: 'aksdr', name: 'aksdr' } as const;

/** The application's federated credentials: one per cluster's OIDC issuer, for aksdr's service account. */
export function federatedCredentials(ctx: LabContext): FederatedCredential[] {
  return ctx.world.clusters.map((cluster) => ({
    name: `aksdr-${cluster.name}`,
    issuer: `${ctx.urls.kube}/clusters/${cluster.name}/oidc/`,
    subject: `system:serviceaccount:${aksdrServiceAccount.namespace}:${aksdrServiceAccount.name}`,
    audiences: [tokenExchangeAudience],
  }));
}

export interface AssertionFailure {
  code: number;
  description: string;
}

function getJson(ctx: LabContext, url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca: ctx.pki.caCertPem }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`${url} answered ${response.statusCode ?? 0}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.on('error', reject);
  });
}

/** Undefined when the assertion is good for the application; otherwise Entra's AADSTS code and text. */
export async function checkClientAssertion(ctx: LabContext, assertion: string): Promise<AssertionFailure | undefined> {
  let claims: { iss?: string; sub?: string; aud?: string | string[] };
  try {
    claims = decodeJwt(assertion);
  } catch {
    return { code: 50027, description: 'AADSTS50027: JWT token is invalid or malformed.' };
  }
  const iss = claims.iss ?? '';
  const sub = claims.sub ?? '';
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ''];
  const byIssuer = federatedCredentials(ctx).filter((c) => c.issuer === iss);
  if (byIssuer.length === 0) {
    return {
      code: 700211,
      description: `AADSTS700211: No matching federated identity record found for presented assertion issuer '${iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
    };
  }
  if (!byIssuer.some((c) => c.subject === sub && c.audiences.some((a) => aud.includes(a)))) {
    return {
      code: 70021,
      description: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${aud.join(',')}'.`,
    };
  }
  try {
    const configuration = (await getJson(ctx, `${iss}.well-known/openid-configuration`)) as { jwks_uri?: string };
    const keys = (await getJson(ctx, String(configuration.jwks_uri))) as JSONWebKeySet;
    await jwtVerify(assertion, createLocalJWKSet(keys), { issuer: iss, currentDate: new Date(ctx.clock.now()) });
  } catch (error) {
    if (error instanceof errors.JWTExpired || (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')) {
      return { code: 700024, description: 'AADSTS700024: Client assertion is not within its valid time range.' };
    }
    if (error instanceof errors.JOSEError) return { code: 50013, description: 'AADSTS50013: Assertion failed signature validation.' };
    return { code: 50013, description: `AADSTS50013: Assertion failed signature validation. The issuer's keys could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  return undefined;
}
