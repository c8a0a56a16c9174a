// Create, replace, patch and delete, with the API server's identity checks (kind, apiVersion,
// namespace from the path, name or generateName), optimistic concurrency on resourceVersion,
// `dryRun=All`, and the type's validation and instantly-settling controller (`prepare`).
import { randomInt } from 'node:crypto';
import { json, type LabReply, type LabRequest } from '../http/handler.js';
import { coreTypes, type KubeObject } from '../world/kube-store.js';
import { JsonPatchError } from './json-patch.js';
import { applyPatch, decodeBody, isPlainObject, patchKindOf, textOf } from './request-body.js';
import { groupVersion, viewOf, type ClusterScope, type ResourceDef } from './resource-def.js';
import { kubeTimestamp } from './time-format.js';
import { alreadyExists, invalid, notFound, qualifiedResource, statusReply, successStatus } from './status.js';

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const generateNameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

type Checked = { ok: true; obj: KubeObject } | { ok: false; reply: LabReply };

function fail(reply: LabReply): Checked {
  return { ok: false, reply };
}

/** The identity checks every create and replace body gets, filling namespace (and name on create). */
function checkIdentity(def: ResourceDef, body: unknown, namespace: string | undefined, urlName: string | undefined): Checked {
  if (!isPlainObject(body)) return fail(statusReply('BadRequest', `the object provided is unrecognized (must be of type ${def.kind})`));
  const expected = groupVersion(def);
  if (typeof body.kind !== 'string' || body.kind === '') return fail(statusReply('BadRequest', `Object 'Kind' is missing in '${JSON.stringify(body)}'`));
  if (body.apiVersion !== expected) {
    return fail(statusReply('BadRequest', `the API version in the data (${textOf(body.apiVersion)}) does not match the expected API version (${expected})`));
  }
  if (body.kind !== def.kind) return fail(statusReply('BadRequest', `the kind in the data (${body.kind}) does not match the expected kind (${def.kind})`));
  const metadata: Record<string, unknown> = isPlainObject(body.metadata) ? { ...body.metadata } : {};
  if (def.namespaced) {
    if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== namespace) {
      return fail(statusReply('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'));
    }
    metadata.namespace = namespace;
  } else delete metadata.namespace;

  if (urlName !== undefined) {
    if (metadata.name !== undefined && metadata.name !== urlName) {
      return fail(statusReply('BadRequest', `the name of the object (${textOf(metadata.name)}) does not match the name on the URL (${urlName})`));
    }
    metadata.name = urlName;
  } else if ((metadata.name === undefined || metadata.name === '') && typeof metadata.generateName === 'string' && metadata.generateName !== '') {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += generateNameAlphabet[randomInt(generateNameAlphabet.length)];
    metadata.name = `${metadata.generateName}${suffix}`;
  }
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (name === '') {
    return fail(invalid(def.kind, def.type.group, '', [{ field: 'metadata.name', type: 'Required value', detail: 'name or generateName is required' }]));
  }
  if (name.length > 253 || !dns1123Subdomain.test(name)) {
    return fail(
      invalid(def.kind, def.type.group, name, [
        {
          field: 'metadata.name',
          type: 'Invalid value',
          detail: `"${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        },
      ]),
    );
  }
  return { ok: true, obj: { ...body, metadata: { ...metadata, name } } as KubeObject };
}

function undecodable(def: ResourceDef, decoded: { message: string; unsupportedMediaType?: true }): LabReply {
  if (decoded.unsupportedMediaType) return statusReply('UnsupportedMediaType', decoded.message);
  return statusReply('BadRequest', `the object provided is unrecognized (must be of type ${def.kind}): ${decoded.message}`);
}

function conflict(def: ResourceDef, name: string): LabReply {
  return statusReply(
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(def.type.group, def.type.plural)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: def.type.group, kind: def.type.plural },
  );
}

function isDryRun(request: LabRequest): boolean {
  return request.url.searchParams.getAll('dryRun').includes('All');
}

/** Validation, defaults/controllers, then the store; `previous` undefined means create. */
function commit(scope: ClusterScope, request: LabRequest, def: ResourceDef, obj: KubeObject, previous: KubeObject | undefined): LabReply {
  const problems = def.validate?.(obj) ?? [];
  if (problems.length > 0) return invalid(def.kind, def.type.group, obj.metadata.name, problems);
  const specChanged = previous !== undefined && JSON.stringify(previous.spec) !== JSON.stringify(obj.spec);
  obj.metadata.generation = previous ? (previous.metadata.generation ?? 1) + (specChanged ? 1 : 0) : 1;
  def.prepare?.(obj, previous, scope);
  if (isDryRun(request)) return json(previous ? 200 : 201, viewOf(def, obj, scope));
  const { store } = scope.cluster;
  const stored = previous ? store.update(def.type, obj) : store.create(def.type, obj);
  if (!stored) return previous ? notFound(def.type.group, def.type.plural, obj.metadata.name) : alreadyExists(def.type.group, def.type.plural, obj.metadata.name);
  return json(previous ? 200 : 201, viewOf(def, stored, scope));
}

export function createResource(scope: ClusterScope, request: LabRequest, def: ResourceDef, namespace: string | undefined): LabReply {
  const decoded = decodeBody(request);
  if (!decoded.ok) return undecodable(def, decoded);
  const checked = checkIdentity(def, decoded.value, namespace, undefined);
  if (!checked.ok) return checked.reply;
  const obj = checked.obj;
  if (obj.metadata.resourceVersion !== undefined && obj.metadata.resourceVersion !== '') {
    return statusReply('BadRequest', 'resourceVersion should not be set on objects to be created');
  }
  if (def.namespaced && namespace !== undefined && !scope.cluster.store.get(coreTypes.namespaces, undefined, namespace)) {
    return notFound('', 'namespaces', namespace);
  }
  for (const field of ['uid', 'resourceVersion', 'generation', 'deletionTimestamp', 'managedFields']) delete obj.metadata[field];
  obj.metadata.creationTimestamp = kubeTimestamp(scope.ctx.clock.now());
  if (def.statusSubresource) delete obj.status;
  return commit(scope, request, def, obj, undefined);
}

export function replaceResource(scope: ClusterScope, request: LabRequest, def: ResourceDef, namespace: string | undefined, name: string, part: 'main' | 'status'): LabReply {
  const existing = scope.cluster.store.get(def.type, namespace, name);
  if (!existing) return notFound(def.type.group, def.type.plural, name);
  const decoded = decodeBody(request);
  if (!decoded.ok) return undecodable(def, decoded);
  const checked = checkIdentity(def, decoded.value, namespace, name);
  if (!checked.ok) return checked.reply;
  const body = checked.obj;
  const expectedVersion = body.metadata.resourceVersion;
  if (expectedVersion !== undefined && expectedVersion !== '' && expectedVersion !== existing.metadata.resourceVersion) return conflict(def, name);
  let obj: KubeObject;
  if (part === 'status') obj = { ...existing, status: body.status ?? {} };
  else {
    obj = { ...body, metadata: { ...body.metadata, uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp } };
    if (def.statusSubresource) obj.status = existing.status;
  }
  return part === 'status' ? storeStatus(scope, request, def, obj) : commit(scope, request, def, obj, existing);
}

/** Status writes skip validation and the controllers, like a `/status` subresource update. */
function storeStatus(scope: ClusterScope, request: LabRequest, def: ResourceDef, obj: KubeObject): LabReply {
  if (isDryRun(request)) return json(200, viewOf(def, obj, scope));
  const stored = scope.cluster.store.update(def.type, obj);
  if (!stored) return notFound(def.type.group, def.type.plural, obj.metadata.name);
  return json(200, viewOf(def, stored, scope));
}

export function patchResource(scope: ClusterScope, request: LabRequest, def: ResourceDef, namespace: string | undefined, name: string, part: 'main' | 'status'): LabReply {
  const existing = scope.cluster.store.get(def.type, namespace, name);
  if (!existing) return notFound(def.type.group, def.type.plural, name);
  const patchKind = patchKindOf(request);
  if (patchKind.kind === 'unsupported') {
    return statusReply(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format (${patchKind.contentType}) - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (applied as a merge patch)`,
    );
  }
  const decoded = decodeBody(request);
  if (!decoded.ok) return decoded.unsupportedMediaType ? statusReply('UnsupportedMediaType', decoded.message) : statusReply('BadRequest', `error decoding patch: ${decoded.message}`);
  if (patchKind.kind === 'merge' && !isPlainObject(decoded.value)) return statusReply('BadRequest', 'error decoding patch: a merge patch must be a JSON object');
  let patched: unknown;
  try {
    patched = applyPatch(patchKind.kind, existing, decoded.value);
  } catch (error) {
    if (error instanceof JsonPatchError) return invalid(def.kind, def.type.group, name, [{ field: 'patch', type: 'Invalid value', detail: `the JSON patch could not be applied: ${error.message}` }]);
    throw error;
  }
  if (!isPlainObject(patched)) return statusReply('BadRequest', 'the patched object is not a JSON object');
  const patchedVersion = isPlainObject(patched.metadata) ? patched.metadata.resourceVersion : undefined;
  if (typeof patchedVersion === 'string' && patchedVersion !== existing.metadata.resourceVersion) return conflict(def, name);

  const merged = patched as KubeObject;
  merged.apiVersion = existing.apiVersion;
  merged.kind = existing.kind;
  merged.metadata = { ...(isPlainObject(merged.metadata) ? merged.metadata : {}), name: existing.metadata.name, uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp };
  if (existing.metadata.namespace !== undefined) merged.metadata.namespace = existing.metadata.namespace;
  if (part === 'status') return storeStatus(scope, request, def, { ...existing, status: merged.status ?? {} });
  if (def.statusSubresource) merged.status = existing.status;
  return commit(scope, request, def, merged, existing);
}

export function deleteResource(scope: ClusterScope, request: LabRequest, def: ResourceDef, namespace: string | undefined, name: string): LabReply {
  const existing = scope.cluster.store.get(def.type, namespace, name);
  if (!existing) return notFound(def.type.group, def.type.plural, name);
  if (!isDryRun(request)) {
    scope.cluster.store.delete(def.type, namespace, name);
    def.onDelete?.(existing, scope);
  }
  if (def.deleteReturnsObject) return json(200, viewOf(def, existing, scope));
  return successStatus({ name, group: def.type.group, kind: def.type.plural, uid: existing.metadata.uid ?? '' });
}
