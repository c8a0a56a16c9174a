// Entra ID (Azure AD) as @azure/identity's ClientSecretCredential sees it: the tenant's OpenID
// configuration, its signing keys and the token endpoint for the client-credentials grant, with
// OAuth errors shaped like Entra's (AADSTS codes, trace and correlation ids).
import { randomUUID } from 'node:crypto';
import type { LabContext } from '../context.js';
import { json, queryParam, type LabHandler, type LabReply, type LabRequest } from '../http/handler.js';
import { checkClientAssertion, jwtBearerAssertionType } from './client-assertion.js';
import { isKnownResource, resourceNotFoundDescription } from './resource-principals.js';
import type { TokenService } from './token-service.js';

interface OAuthFailure {
  status: number;
  error: string;
  code: number;
  description: string;
}

const fail = (status: number, error: string, code: number, description: string): OAuthFailure => ({ status, error, code, description });

export function createEntraHandler(ctx: LabContext, tokens: TokenService): LabHandler {
  return async (request) => {
    const segments = request.url.pathname.split('/').filter(Boolean);
    const [tenant, ...rest] = segments;
    const route = rest.join('/').toLowerCase();
    const correlationId = request.headers['client-request-id']?.toString() ?? queryParam(request.url, 'client-request-id') ?? randomUUID();
    const oauthError = (failure: OAuthFailure): LabReply => entraError(ctx, failure, correlationId);

    if (!tenant) return json(404, { error: 'not_found', error_description: 'Unknown Entra ID endpoint.' });
    const isKeys = route === 'discovery/v2.0/keys' || route === 'discovery/keys';
    if (request.method === 'GET' && isKeys && ['common', 'organizations'].includes(tenant.toLowerCase())) return json(200, await tokens.jwks());
    const knownRoutes = ['v2.0/.well-known/openid-configuration', '.well-known/openid-configuration', 'discovery/v2.0/keys', 'discovery/keys', 'oauth2/v2.0/token', 'oauth2/token'];
    if (!knownRoutes.includes(route)) return json(404, { error: 'not_found', error_description: `No Entra ID endpoint at ${request.url.pathname}.` });
    if (tenant.toLowerCase() !== ctx.world.identity.tenantId.toLowerCase()) {
      const description = `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`;
      return oauthError(fail(400, route.startsWith('oauth2') ? 'invalid_request' : 'invalid_tenant', 90002, description));
    }
    const tenantId = ctx.world.identity.tenantId;

    if (route.endsWith('openid-configuration')) {
      if (request.method !== 'GET') return methodNotAllowed(request.method, 'GET');
      return json(200, openIdConfiguration(ctx, tokens, tenantId, route.startsWith('v2.0')));
    }
    if (isKeys) {
      if (request.method !== 'GET') return methodNotAllowed(request.method, 'GET');
      return json(200, await tokens.jwks());
    }
    if (request.method !== 'POST') return methodNotAllowed(request.method, 'POST');
    const v1 = route === 'oauth2/token';
    const outcome = await grant(ctx, tokens, request, tenantId, v1);
    if (!('token' in outcome)) return oauthError(outcome);
    return json(200, outcome.token, { 'cache-control': 'no-store, no-cache', pragma: 'no-cache', 'x-ms-request-id': randomUUID(), 'client-request-id': correlationId });
  };
}

async function grant(ctx: LabContext, tokens: TokenService, request: LabRequest, tenantId: string, v1: boolean): Promise<OAuthFailure | { token: Record<string, unknown> }> {
  const form = new URLSearchParams(request.body.toString('utf8'));
  const basic = basicCredentials(request);
  const clientId = form.get('client_id') ?? basic?.clientId;
  const clientSecret = form.get('client_secret') ?? basic?.clientSecret;
  const grantType = form.get('grant_type');
  const identity = ctx.world.identity;

  if (!grantType) return fail(400, 'invalid_request', 900144, "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
  if (grantType !== 'client_credentials') {
    return fail(400, 'unsupported_grant_type', 70003, `AADSTS70003: The app requested an unsupported grant type '${grantType}'.`);
  }
  if (!clientId) return fail(400, 'invalid_request', 900144, "AADSTS900144: The request body must contain the following parameter: 'client_id'.");
  if (clientId.toLowerCase() !== identity.clientId.toLowerCase()) {
    return fail(400, 'unauthorized_client', 700016, `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  }
  const assertion = form.get('client_assertion');
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== jwtBearerAssertionType) {
      return fail(400, 'invalid_request', 50027, `AADSTS50027: Invalid client_assertion_type; it must be '${jwtBearerAssertionType}'.`);
    }
    const failure = await checkClientAssertion(ctx, assertion);
    if (failure) return fail(401, 'invalid_client', failure.code, failure.description);
  } else if (!clientSecret) {
    return fail(401, 'invalid_client', 7000218, "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  } else if (clientSecret !== identity.clientSecret) {
    return fail(401, 'invalid_client', 7000215, `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${identity.clientId}'.`);
  }

  let resource: string;
  if (v1) {
    const requested = form.get('resource');
    if (!requested) return fail(400, 'invalid_request', 900144, "AADSTS900144: The request body must contain the following parameter: 'resource'.");
    resource = requested;
  } else {
    const scope = form.get('scope');
    if (!scope) return fail(400, 'invalid_request', 900144, "AADSTS900144: The request body must contain the following parameter: 'scope'.");
    // MSAL adds the OIDC scopes itself; for a client-credentials grant only the resource scope counts.
    const scopes = scope.split(/\s+/).filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s));
    if (scopes.length !== 1 || !scopes[0]?.endsWith('/.default')) {
      return fail(400, 'invalid_scope', 1002012, `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    resource = scopes[0].slice(0, -'/.default'.length);
    if (!resource) return fail(400, 'invalid_scope', 1002012, `AADSTS1002012: The provided value for scope ${scope} is not valid.`);
  }

  if (!isKnownResource(ctx, resource)) return fail(400, 'invalid_resource', 500011, resourceNotFoundDescription(resource, tenantId));

  const issued = await tokens.issue({ tenantId, clientId: identity.clientId, resource });
  if (v1) {
    // The v1 endpoint answers with strings and names the resource.
    return {
      token: {
      token_type: 'Bearer',
      expires_in: String(issued.expiresInSeconds),
      ext_expires_in: String(issued.expiresInSeconds),
      expires_on: String(issued.expiresOn),
      not_before: String(issued.notBefore),
      resource,
      access_token: issued.accessToken,
      },
    };
  }
  return { token: { token_type: 'Bearer', expires_in: issued.expiresInSeconds, ext_expires_in: issued.expiresInSeconds, access_token: issued.accessToken } };
}

function basicCredentials(request: LabRequest): { clientId: string; clientSecret: string } | undefined {
  const header = request.headers.authorization;
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function openIdConfiguration(ctx: LabContext, tokens: TokenService, tenantId: string, v2: boolean): Record<string, unknown> {
  const base = `${ctx.urls.entra}/${tenantId}`;
  const oauth = v2 ? `${base}/oauth2/v2.0` : `${base}/oauth2`;
  return {
    token_endpoint: `${oauth}/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: v2 ? `${base}/discovery/v2.0/keys` : `${base}/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['ES256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2 ? tokens.issuer(tenantId) : `${base}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/openid/userinfo`,
    authorization_endpoint: `${oauth}/authorize`,
    device_authorization_endpoint: `${oauth}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${oauth}/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'aksdr.lab',
    cloud_graph_host_name: 'graph.aksdr.lab',
    msgraph_host: 'graph.aksdr.lab',
    rbac_url: 'https://pas.aksdr.lab',
  };
}

function entraError(ctx: LabContext, failure: OAuthFailure, correlationId: string): LabReply {
  const traceId = randomUUID();
  const timestamp = new Date(ctx.clock.now()).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return json(
    failure.status,
    {
      error: failure.error,
      error_description: `${failure.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [failure.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${ctx.urls.entra}/error?code=${failure.code}`,
    },
    { 'cache-control': 'no-store, no-cache', 'x-ms-request-id': traceId },
  );
}

function methodNotAllowed(method: string, allowed: string): LabReply {
  return json(405, { error: 'invalid_request', error_description: `AADSTS900561: The endpoint only accepts ${allowed}, OPTIONS requests. Received a ${method} request.`, error_codes: [900561] }, { allow: `${allowed}, OPTIONS` });
}
