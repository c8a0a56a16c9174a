// A managed identity endpoint the way Azure App Service and Container Apps give one to their apps:
// `IDENTITY_ENDPOINT` (plain HTTP on loopback) and the secret `IDENTITY_HEADER` the caller echoes in
// `X-IDENTITY-HEADER`; `GET ?api-version=2019-08-01&resource=…[&client_id=…]` answers with a token
// for the app's system-assigned identity. So DefaultAzureCredential in such a container — its
// ManagedIdentityCredential, through MSAL's App Service source — signs in against the lab.
import type { LabContext } from '../context.js';
import { json, queryParam, type LabHandler } from '../http/handler.js';
import { isKnownResource, resourceNotFoundDescription } from './resource-principals.js';
import type { TokenService } from './token-service.js';

const apiVersion = '2019-08-01';

export function createManagedIdentityHandler(ctx: LabContext, tokens: TokenService, identityHeader: string): LabHandler {
  return async (request) => {
    if (request.url.pathname.replace(/\/+$/, '').toLowerCase() !== '/msi/token') return json(404, { statusCode: 404, message: 'Not found' });
    if (request.method !== 'GET') return json(405, { statusCode: 405, message: `The requested resource does not support http method '${request.method}'.` });
    if (request.headers['x-identity-header'] !== identityHeader) return json(401, { statusCode: 401, message: 'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.' });
    if (queryParam(request.url, 'api-version') !== apiVersion) return json(400, { statusCode: 400, message: `The api-version must be ${apiVersion}.` });
    const resource = queryParam(request.url, 'resource');
    if (!resource) return json(400, { statusCode: 400, message: "The 'resource' query parameter is required." });
    const { tenantId, managedIdentityClientId } = ctx.world.identity;
    const asked = queryParam(request.url, 'client_id') ?? queryParam(request.url, 'principal_id') ?? queryParam(request.url, 'mi_res_id');
    if (asked !== undefined && asked.toLowerCase() !== managedIdentityClientId.toLowerCase()) {
      return json(400, { statusCode: 400, message: 'Unable to load the proper Managed Identity.' });
    }
    if (!isKnownResource(ctx, resource)) return json(400, { error: 'invalid_resource', error_description: resourceNotFoundDescription(resource, tenantId) });
    const issued = await tokens.issue({ tenantId, clientId: managedIdentityClientId, resource });
    return json(200, { access_token: issued.accessToken, expires_on: String(issued.expiresOn), resource, token_type: 'Bearer', client_id: managedIdentityClientId });
  };
}
