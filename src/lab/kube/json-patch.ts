// RFC 6902 JSON Patch, which client-node sends by default for `patchNamespaced…` calls
// (`application/json-patch+json`). All six operations; a failed `test` or a bad path throws
// JsonPatchError, which the API server answers with 422 like the real one.
// (fast-json-patch would do this too; the lab keeps its dependency list to what the product needs.)

export class JsonPatchError extends Error {
  readonly code = 'JsonPatchError';
}

type Container = Record<string, unknown> | unknown[];

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** The parent container of a pointer and the last token. */
function locate(doc: unknown, pointer: string): { parent: Container; key: string } {
  const path = tokens(pointer);
  const key = path.pop();
  if (key === undefined) throw new JsonPatchError('the whole document cannot be the target of this operation');
  let node: unknown = doc;
  for (const token of path) {
    node = isContainer(node) ? (node as Record<string, unknown>)[token] : undefined;
    if (!isContainer(node)) throw new JsonPatchError(`path "${pointer}" does not exist`);
  }
  if (!isContainer(node)) throw new JsonPatchError(`path "${pointer}" does not exist`);
  return { parent: node, key };
}

function index(list: unknown[], key: string, forInsert: boolean): number {
  if (forInsert && key === '-') return list.length;
  const i = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : NaN;
  if (Number.isNaN(i) || i > list.length || (!forInsert && i === list.length)) throw new JsonPatchError(`array index "${key}" is out of range`);
  return i;
}

function read(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  const { parent, key } = locate(doc, pointer);
  if (Array.isArray(parent)) return parent[index(parent, key, false)];
  if (!Object.hasOwn(parent, key)) throw new JsonPatchError(`path "${pointer}" does not exist`);
  return parent[key];
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const { parent, key } = locate(doc, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, pointer: string): unknown {
  const { parent, key } = locate(doc, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, false), 1);
  else if (Object.hasOwn(parent, key)) delete parent[key];
  else throw new JsonPatchError(`path "${pointer}" does not exist`);
  return doc;
}

export function applyJsonPatch(document: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new JsonPatchError('a JSON patch must be an array of operations');
  let doc: unknown = structuredClone(document);
  for (const raw of operations as Record<string, unknown>[]) {
    const path = typeof raw.path === 'string' ? raw.path : undefined;
    if (path === undefined) throw new JsonPatchError('operation is missing "path"');
    const from = typeof raw.from === 'string' ? raw.from : '';
    switch (raw.op) {
      case 'add':
        doc = add(doc, path, structuredClone(raw.value));
        break;
      case 'remove':
        doc = remove(doc, path);
        break;
      case 'replace':
        read(doc, path);
        doc = add(path === '' ? doc : remove(doc, path), path, structuredClone(raw.value));
        break;
      case 'move': {
        const value = read(doc, from);
        doc = add(remove(doc, from), path, value);
        break;
      }
      case 'copy':
        doc = add(doc, path, structuredClone(read(doc, from)));
        break;
      case 'test':
        if (JSON.stringify(read(doc, path)) !== JSON.stringify(raw.value)) throw new JsonPatchError(`testing value ${path} failed`);
        break;
      default:
        throw new JsonPatchError(`unknown patch operation ${JSON.stringify(raw.op)}`);
    }
  }
  return doc;
}
