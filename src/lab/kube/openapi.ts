// OpenAPI v3, just enough for `kubectl create -f` / `apply -f` with default validation: kubectl
// reads `/openapi/v3`, finds the group-version document, sees the `fieldValidation` parameter and
// then relies on server-side validation (CONTRACTS §7.4). `/openapi/v2` answers 404 like a server
// that has switched v2 off, which kubectl tolerates once v3 is there.
import { json, type LabReply } from '../http/handler.js';
import type { ClusterState } from '../world/world.js';
import type { ResourceDef } from './resource-def.js';

function documentPath(def: ResourceDef): string {
  return def.type.group === '' ? `api/${def.type.version}` : `apis/${def.type.group}/${def.type.version}`;
}

function itemPath(def: ResourceDef): string {
  const prefix = `/${documentPath(def)}`;
  return def.namespaced ? `${prefix}/namespaces/{namespace}/${def.type.plural}/{name}` : `${prefix}/${def.type.plural}/{name}`;
}

/** A content hash stand-in: stable for the lab's lifetime, different per group-version. */
function hashOf(path: string): string {
  let h = 0;
  for (const ch of path) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0').toUpperCase();
}

function operation(def: ResourceDef, verb: string): Record<string, unknown> {
  return {
    description: `${verb} the specified ${def.kind}`,
    operationId: `${verb}${def.kind}`,
    'x-kubernetes-action': verb,
    'x-kubernetes-group-version-kind': { group: def.type.group, version: def.type.version, kind: def.kind },
    parameters: [
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ],
    responses: { '200': { description: 'OK' } },
  };
}

export function openapiReply(defs: readonly ResourceDef[], cluster: ClusterState, segments: readonly string[]): LabReply | undefined {
  if (segments[0] !== 'openapi') return undefined;
  if (segments[1] === 'v2') return json(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
  if (segments[1] !== 'v3') return undefined;
  const byPath = new Map<string, ResourceDef[]>();
  for (const def of defs) byPath.set(documentPath(def), [...(byPath.get(documentPath(def)) ?? []), def]);
  if (segments.length === 2) {
    const paths: Record<string, unknown> = {};
    for (const path of byPath.keys()) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hashOf(path)}` };
    return json(200, { paths });
  }
  const inDocument = byPath.get(segments.slice(2).join('/'));
  if (!inDocument) return undefined;
  const paths: Record<string, unknown> = {};
  for (const def of inDocument) {
    paths[itemPath(def)] = { get: operation(def, 'read'), put: operation(def, 'replace'), patch: operation(def, 'patch') };
  }
  return json(200, {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: `v${cluster.kubernetesVersion}` },
    paths,
    components: { schemas: {} },
  });
}
