// Serves one resource path from its definition: the verb comes from the method and whether a name
// (and subresource) is present. Watches are not supported: the lab's clients poll.
import type { LabReply, LabRequest } from '../http/handler.js';
import type { ClusterScope, ResourceDef, Verb } from './resource-def.js';
import { getResource, listResource } from './resource-read.js';
import { createResource, deleteResource, patchResource, replaceResource } from './resource-write.js';
import type { ResourcePath } from './router.js';
import { methodNotAllowed, pathNotFound } from './status.js';

function allows(def: ResourceDef, verb: Verb): boolean {
  return def.verbs.includes(verb);
}

export function serveResource(scope: ClusterScope, request: LabRequest, def: ResourceDef, path: ResourcePath): LabReply {
  const { method } = request;
  const namespace = path.namespace;
  if (def.namespaced === false && namespace !== undefined) return pathNotFound();
  const watch = request.url.searchParams.get('watch');
  if (watch === 'true' || watch === '1') return methodNotAllowed('watch is not supported by the aksdr lab API server; poll with list instead');

  if (path.name === undefined) {
    if (method === 'GET' && allows(def, 'list')) return listResource(scope, request, def, namespace);
    // A namespaced type addressed without a namespace can only be listed (`kubectl get deployments -A`).
    if (def.namespaced && namespace === undefined) return methodNotAllowed();
    if (method === 'POST' && allows(def, 'create')) return createResource(scope, request, def, namespace);
    return methodNotAllowed();
  }
  if (def.namespaced && namespace === undefined) return pathNotFound();
  const name = path.name;

  if (path.subresource === undefined) {
    if (method === 'GET' && allows(def, 'get')) return getResource(scope, request, def, namespace, name);
    if (method === 'PUT' && allows(def, 'update')) return replaceResource(scope, request, def, namespace, name, 'main');
    if (method === 'PATCH' && allows(def, 'patch')) return patchResource(scope, request, def, namespace, name, 'main');
    if (method === 'DELETE' && allows(def, 'delete')) return deleteResource(scope, request, def, namespace, name);
    return methodNotAllowed();
  }
  if (path.subresource === 'status' && def.statusSubresource) {
    if (method === 'GET') return getResource(scope, request, def, namespace, name);
    if (method === 'PUT') return replaceResource(scope, request, def, namespace, name, 'status');
    if (method === 'PATCH') return patchResource(scope, request, def, namespace, name, 'status');
    return methodNotAllowed();
  }
  const subresource = def.subresources?.[path.subresource];
  if (!subresource) return pathNotFound();
  return subresource({ scope, request, def, namespace, name });
}
