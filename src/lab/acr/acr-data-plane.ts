// The registry's data plane (`https://{loginServer}`): the token exchange ACR clients perform
// (Entra access token → ACR refresh token → ACR access token, driven by a `WWW-Authenticate`
// challenge) and the metadata reads aksdr makes — repositories and tags — with ACR's error bodies.
import { createHash } from 'node:crypto';
import type { LabContext } from '../context.js';
import type { TokenService } from '../entra/token-service.js';
import { json, type LabHandler, type LabReply, type LabRequest } from '../http/handler.js';

function acrError(status: number, code: string, message: string, headers: Record<string, string> = {}): LabReply {
  return json(status, { errors: [{ code, message, detail: null }] }, headers);
}

function form(request: LabRequest): URLSearchParams {
  return new URLSearchParams(request.body.toString('utf8'));
}

function normalizeAudience(aud: string): string {
  return aud.trim().replace(/\/+$/, '').toLowerCase().replace('://localhost:', '://127.0.0.1:');
}

/** The Entra audiences the exchange takes: ARM's (public ids or the lab's ARM URL) and ACR's own. */
function acrExchangeAudiences(ctx: LabContext): string[] {
  return ['https://management.azure.com', 'https://management.core.windows.net', 'https://containerregistry.azure.net', ctx.urls.arm].map(normalizeAudience);
}

function digestOf(image: string): string {
  return `sha256:${createHash('sha256').update(image).digest('hex')}`;
}

/** `shop/frontend:1.4.2` → repository and tag. */
function splitImage(image: string): { repository: string; tag: string } {
  const at = image.lastIndexOf(':');
  return { repository: image.slice(0, at), tag: image.slice(at + 1) };
}

export function createAcrDataPlaneHandler(ctx: LabContext, tokens: TokenService): LabHandler {
  const service = (): string => String(ctx.world.registry.resource.properties.loginServer);
  const images = (): { repository: string; tag: string; image: string }[] => ctx.world.registry.images.map((image) => ({ image, ...splitImage(image) }));
  const createdTime = (): string => String(ctx.world.registry.resource.properties.creationDate);

  const challenge = (scope: string): Record<string, string> => ({
    'www-authenticate': `Bearer realm="https://${service()}/oauth2/token",service="${service()}",scope="${scope}"`,
  });

  const authorized = async (request: LabRequest): Promise<boolean> => {
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const check = await tokens.verify(token);
    return check.ok && check.claims.aud === `acr-access:${service()}`;
  };

  return async (request) => {
    const { method } = request;
    const path = request.url.pathname;

    if (method === 'POST' && path === '/oauth2/exchange') {
      const body = form(request);
      if (body.get('grant_type') !== 'access_token') return acrError(400, 'UNSUPPORTED', 'grant_type must be access_token');
      const check = await tokens.verify(body.get('access_token') ?? undefined);
      if (!check.ok) return acrError(401, 'UNAUTHORIZED', `the Entra ID access token is ${check.reason}`);
      // ACR exchanges only tokens issued for ARM or for ACR itself, as the registry's audience check does.
      if (!acrExchangeAudiences(ctx).includes(normalizeAudience(check.claims.aud))) {
        return acrError(401, 'UNAUTHORIZED', `the Entra ID access token has audience '${check.claims.aud}'; ACR accepts tokens for https://management.azure.com or https://containerregistry.azure.net`);
      }
      if (body.get('service') !== service()) return acrError(400, 'INVALID_SERVICE', `service must be ${service()}`);
      const issued = await tokens.issue({ tenantId: check.claims.tid, clientId: check.claims.appid, resource: `acr-refresh:${service()}` });
      return json(200, { refresh_token: issued.accessToken });
    }
    if (method === 'POST' && path === '/oauth2/token') {
      const body = form(request);
      if (body.get('grant_type') !== 'refresh_token') return acrError(400, 'UNSUPPORTED', 'grant_type must be refresh_token');
      const check = await tokens.verify(body.get('refresh_token') ?? undefined);
      if (!check.ok || check.claims.aud !== `acr-refresh:${service()}`) return acrError(401, 'UNAUTHORIZED', 'the ACR refresh token is invalid or expired');
      const issued = await tokens.issue({ tenantId: check.claims.tid, clientId: check.claims.appid, resource: `acr-access:${service()}` });
      return json(200, { access_token: issued.accessToken });
    }

    if (method !== 'GET') return acrError(405, 'UNSUPPORTED', `${method} is not supported here`);
    const catalog = path === '/acr/v1/_catalog';
    const tagsMatch = /^\/acr\/v1\/(.+)\/_tags(?:\/([^/]+))?$/.exec(path);
    const manifestMatch = /^\/acr\/v1\/(.+)\/_manifests\/([^/]+)$/.exec(path);
    if (!catalog && !tagsMatch && !manifestMatch) return acrError(404, 'NOT_FOUND', `no route for ${path}`);
    const repository = decodeURIComponent((tagsMatch ?? manifestMatch)?.[1] ?? '');
    if (!(await authorized(request))) {
      const scope = catalog ? 'registry:catalog:*' : `repository:${repository}:metadata_read`;
      return acrError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.', challenge(scope));
    }
    if (catalog) return json(200, { repositories: [...new Set(images().map((i) => i.repository))].sort() });

    const inRepository = images().filter((i) => i.repository === repository);
    if (inRepository.length === 0) return acrError(404, 'NAME_UNKNOWN', `repository name not known to registry: ${repository}`);
    const tagOf = (i: { tag: string; image: string }): Record<string, unknown> => ({
      name: i.tag,
      digest: digestOf(i.image),
      createdTime: createdTime(),
      lastUpdateTime: createdTime(),
      signed: false,
      changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true },
    });
    if (manifestMatch) {
      const digest = decodeURIComponent(manifestMatch[2] ?? '');
      const manifest = inRepository.find((i) => digestOf(i.image) === digest);
      if (!manifest) return acrError(404, 'MANIFEST_UNKNOWN', `manifest unknown: ${digest}`);
      return json(200, {
        registry: service(),
        imageName: repository,
        manifest: {
          digest,
          imageSize: 52_428_800,
          createdTime: createdTime(),
          lastUpdateTime: createdTime(),
          architecture: 'amd64',
          os: 'linux',
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          tags: [manifest.tag],
          changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true },
        },
      });
    }
    const tagName = tagsMatch?.[2] === undefined ? undefined : decodeURIComponent(tagsMatch[2]);
    if (tagName === undefined) return json(200, { registry: service(), imageName: repository, tags: inRepository.map(tagOf) });
    const found = inRepository.find((i) => i.tag === tagName);
    if (!found) return acrError(404, 'TAG_UNKNOWN', `the specified tag does not exist: ${tagName}`);
    return json(200, { registry: service(), imageName: repository, tag: tagOf(found) });
  };
}
