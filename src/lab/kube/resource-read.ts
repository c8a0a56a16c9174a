// GET of one object and of lists (one namespace or all), with label/field selectors, `limit` and
// `continue` paging, and Table output for kubectl. Objects are passed through the type's fault view.
import { json, type LabReply, type LabRequest } from '../http/handler.js';
import type { KubeObject } from '../world/kube-store.js';
import { groupVersion, viewOf, type ClusterScope, type ResourceDef } from './resource-def.js';
import { metadataFieldLabels, parseFieldSelector, parseLabelSelector, SelectorError, type Matcher } from './selectors.js';
import { notFound, statusReply } from './status.js';
import { includeObjectOf, toTable, wantsTable } from './tables.js';

function acceptOf(request: LabRequest): string | undefined {
  const accept = request.headers.accept;
  return Array.isArray(accept) ? accept.join(',') : accept;
}

export function getResource(scope: ClusterScope, request: LabRequest, def: ResourceDef, namespace: string | undefined, name: string): LabReply {
  const stored = scope.cluster.store.get(def.type, namespace, name);
  if (!stored) return notFound(def.type.group, def.type.plural, name);
  const obj = viewOf(def, stored, scope);
  if (wantsTable(acceptOf(request))) {
    return json(200, toTable(def, [obj], scope.cluster.store.resourceVersion, scope.ctx.clock.now(), includeObjectOf(request.url)));
  }
  return json(200, obj);
}

interface ContinueToken {
  offset: number;
}

function decodeContinue(token: string | null): number | undefined {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    return typeof parsed.offset === 'number' && parsed.offset >= 0 ? parsed.offset : undefined;
  } catch {
    return undefined;
  }
}

function encodeContinue(offset: number): string {
  return Buffer.from(JSON.stringify({ offset } satisfies ContinueToken)).toString('base64url');
}

export function listResource(scope: ClusterScope, request: LabRequest, def: ResourceDef, namespace: string | undefined): LabReply {
  const params = request.url.searchParams;
  let labelMatch: Matcher;
  let fieldMatch: Matcher;
  try {
    labelMatch = parseLabelSelector(params.get('labelSelector') ?? undefined);
    fieldMatch = parseFieldSelector(params.get('fieldSelector') ?? undefined, { ...metadataFieldLabels, ...def.fieldLabels });
  } catch (error) {
    if (error instanceof SelectorError) return statusReply('BadRequest', error.message);
    throw error;
  }
  const offset = decodeContinue(params.get('continue'));
  if (offset === undefined) return statusReply('BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');

  const all: KubeObject[] = scope.cluster.store
    .list(def.type, namespace)
    .map((obj) => viewOf(def, obj, scope))
    .filter((obj) => labelMatch(obj) && fieldMatch(obj));
  const limitParam = Number(params.get('limit') ?? '0');
  const limit = Number.isInteger(limitParam) && limitParam > 0 ? limitParam : Infinity;
  const page = all.slice(offset, offset + limit);
  const remaining = all.length - offset - page.length;
  const listMeta: Record<string, unknown> = remaining > 0 ? { continue: encodeContinue(offset + page.length), remainingItemCount: remaining } : {};
  const resourceVersion = scope.cluster.store.resourceVersion;

  if (wantsTable(acceptOf(request))) {
    return json(200, toTable(def, page, resourceVersion, scope.ctx.clock.now(), includeObjectOf(request.url), listMeta));
  }
  return json(200, { kind: def.listKind, apiVersion: groupVersion(def), metadata: { resourceVersion, ...listMeta }, items: page });
}
