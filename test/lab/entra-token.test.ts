// Contract: the lab's Entra ID serves what @azure/identity's ClientSecretCredential needs, signs
// tokens verifiable with its published keys, and refuses bad clients the way Entra does.
import { ClientSecretCredential } from '@azure/identity';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armScope, rawRequest } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
beforeAll(async () => {
  lab = await startArmLab();
});
afterAll(() => lab.close());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

function tokenUrl(tenant = lab.ctx.world.identity.tenantId): string {
  return `${lab.ctx.urls.entra}/${tenant}/oauth2/v2.0/token`;
}

describe('Entra ID emulator', () => {
  it('publishes an OpenID configuration that points back at the lab', async () => {
    const { tenantId } = lab.ctx.world.identity;
    const res = await rawRequest(lab, `${lab.ctx.urls.entra}/${tenantId}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_endpoint: tokenUrl(),
      jwks_uri: `${lab.ctx.urls.entra}/${tenantId}/discovery/v2.0/keys`,
      issuer: `${lab.ctx.urls.entra}/${tenantId}/v2.0`,
      authorization_endpoint: `${lab.ctx.urls.entra}/${tenantId}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${lab.ctx.urls.entra}/${tenantId}/oauth2/v2.0/logout`,
    });
  });

  it('issues ClientSecretCredential a token for ARM that verifies against the published keys', async () => {
    const { tenantId, clientId, clientSecret } = lab.ctx.world.identity;
    const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, { authorityHost: lab.ctx.urls.entra, disableInstanceDiscovery: true, tlsOptions: { ca: lab.ca } });
    const accessToken = await credential.getToken(armScope);

    const jwks = await rawRequest(lab, `${lab.ctx.urls.entra}/${tenantId}/discovery/v2.0/keys`);
    const { payload } = await jwtVerify(accessToken.token, createLocalJWKSet(jwks.body as JSONWebKeySet), { currentDate: new Date(lab.clock.now()) });
    expect(payload).toMatchObject({ aud: 'https://management.azure.com', tid: tenantId, appid: clientId, iss: `${lab.ctx.urls.entra}/${tenantId}/v2.0` });
    expect(typeof payload.oid).toBe('string');
    expect(payload.nbf).toBe(payload.iat);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(lab.ctx.timing.tokenLifetimeSeconds);
    expect(payload.iat).toBe(Math.floor(lab.clock.now() / 1000));
  });

  it('rejects a wrong client secret with invalid_client and AADSTS7000215', async () => {
    const { tenantId, clientId } = lab.ctx.world.identity;
    const credential = new ClientSecretCredential(tenantId, clientId, 'not-the-secret', { authorityHost: lab.ctx.urls.entra, disableInstanceDiscovery: true, tlsOptions: { ca: lab.ca } });
    await expect(credential.getToken(armScope)).rejects.toThrow(/AADSTS7000215/);

    const res = await rawRequest(lab, tokenUrl(), form({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'nope', scope: armScope }));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const body = res.body as Record<string, unknown>;
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    const res = await rawRequest(lab, `${lab.ctx.urls.entra}/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    const token = await rawRequest(lab, tokenUrl('contoso.example'), form({ grant_type: 'client_credentials' }));
    expect(token.status).toBe(400);
    expect(token.body).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
  });

  it('refuses other grant types, unknown clients and scopes without /.default', async () => {
    const { clientId, clientSecret } = lab.ctx.world.identity;
    const grant = await rawRequest(lab, tokenUrl(), form({ grant_type: 'password', client_id: clientId, client_secret: clientSecret, scope: armScope }));
    expect(grant.body).toMatchObject({ error: 'unsupported_grant_type', error_codes: [70003] });
    const client = await rawRequest(lab, tokenUrl(), form({ grant_type: 'client_credentials', client_id: 'someone-else', client_secret: clientSecret, scope: armScope }));
    expect(client).toMatchObject({ status: 400, body: { error: 'unauthorized_client', error_codes: [700016] } });
    const scope = await rawRequest(lab, tokenUrl(), form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'https://management.azure.com/user_impersonation' }));
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope', error_codes: [1002012] } });
    const missing = await rawRequest(lab, tokenUrl(), form({ grant_type: 'client_credentials', client_secret: clientSecret, scope: armScope }));
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request', error_codes: [900144] } });
  });

  it('serves the v1 token endpoint with a resource parameter', async () => {
    const { tenantId, clientId, clientSecret } = lab.ctx.world.identity;
    const res = await rawRequest(lab, `${lab.ctx.urls.entra}/${tenantId}/oauth2/token`, form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, resource: 'https://management.core.windows.net/' }));
    expect(res.status).toBe(200);
    const body = res.body as Record<string, string>;
    expect(body).toMatchObject({ token_type: 'Bearer', resource: 'https://management.core.windows.net/', expires_in: String(lab.ctx.timing.tokenLifetimeSeconds) });
    expect(decodeJwt(body.access_token ?? '').aud).toBe('https://management.core.windows.net/');
  });

  it('stops verifying a token once the lab clock passes its expiry', async () => {
    const { tenantId, clientId } = lab.ctx.world.identity;
    const issued = await lab.tokens.issue({ tenantId, clientId, resource: 'https://management.azure.com' });
    expect(await lab.tokens.verify(issued.accessToken)).toMatchObject({ ok: true });
    expect(await lab.tokens.verify(`${issued.accessToken.slice(0, -4)}AAAA`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await lab.tokens.verify(undefined)).toEqual({ ok: false, reason: 'missing' });
    lab.clock.advance((lab.ctx.timing.tokenLifetimeSeconds + 1) * 1000);
    expect(await lab.tokens.verify(issued.accessToken)).toMatchObject({ ok: false, reason: 'expired' });
  });
});
