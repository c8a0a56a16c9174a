// Turns an API path (below `/clusters/{name}`) into the resource it addresses, the way the API
// server's request-info resolver does: `/api/v1/...` is the core group, `/apis/{group}/{version}/...`
// the others; `namespaces/{ns}/{plural}` is namespaced unless it is the namespace's own subresource.

export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** The resource a path addresses, or undefined when it is not a resource path (discovery, health, ...). */
export function parseResourcePath(segments: readonly string[]): ResourcePath | undefined {
  let group: string;
  let version: string | undefined;
  let rest: readonly string[];
  if (segments[0] === 'api') {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    group = segments[1] ?? '';
    version = segments[2];
    rest = segments.slice(3);
  } else return undefined;
  if (!version || rest.length === 0) return undefined;

  const namespaced =
    rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && rest.length === 3 && namespaceSubresources.has(rest[2] ?? ''));
  if (namespaced) {
    if (rest.length > 5) return undefined;
    return withOptional({ group, version, namespace: rest[1], plural: rest[2] ?? '' }, rest[3], rest[4]);
  }
  if (rest.length > 3) return undefined;
  return withOptional({ group, version, plural: rest[0] ?? '' }, rest[1], rest[2]);
}

function withOptional(path: ResourcePath, name: string | undefined, subresource: string | undefined): ResourcePath {
  if (name !== undefined) path.name = name;
  if (subresource !== undefined) path.subresource = subresource;
  return path;
}

/** Path segments, URL-decoded, without empty ones (a trailing slash is tolerated like the real server). */
export function pathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
}
