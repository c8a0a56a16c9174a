// Kubernetes `Status` error objects, worded like the real API server so clients (client-node,
// kubectl) print and classify them the same way.
import { json, type LabReply } from '../http/handler.js';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'BadRequest'
  | 'Unauthorized'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'ServiceUnavailable'
  | 'UnsupportedMediaType'
  | 'Conflict'
  | 'NotAcceptable';

const codes: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  BadRequest: 400,
  Unauthorized: 401,
  Invalid: 422,
  MethodNotAllowed: 405,
  ServiceUnavailable: 503,
  UnsupportedMediaType: 415,
  Conflict: 409,
  NotAcceptable: 406,
};

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { reason: string; message: string; field: string }[];
}

export function statusReply(reason: StatusReason, message: string, details?: StatusDetails): LabReply {
  const code = codes[reason];
  return json(code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

/** `deployments.apps "web"` / `nodes "n1"`: how the API server names a resource in messages. */
export function qualifiedResource(group: string, plural: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

export function notFound(group: string, plural: string, name: string): LabReply {
  return statusReply('NotFound', `${qualifiedResource(group, plural)} "${name}" not found`, { name, group, kind: plural });
}

export function alreadyExists(group: string, plural: string, name: string): LabReply {
  return statusReply('AlreadyExists', `${qualifiedResource(group, plural)} "${name}" already exists`, { name, group, kind: plural });
}

export interface FieldProblem {
  field: string;
  /** `Required value`, `Invalid value`, `Unsupported value`, ... */
  type: string;
  detail: string;
}

/** 422 Invalid listing every problem at once, like the API server's field validation. */
export function invalid(kind: string, group: string, name: string, problems: FieldProblem[]): LabReply {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const causes = problems.map((p) => ({ reason: `Field${p.type.replace(/ /g, '')}`, message: `${p.type}: ${p.detail}`, field: p.field }));
  const list = problems.map((p) => `${p.field}: ${p.type}: ${p.detail}`);
  const message = `${qualifiedKind} "${name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`;
  return statusReply('Invalid', message, { name, group, kind, causes });
}

export function unauthorized(): LabReply {
  return statusReply('Unauthorized', 'Unauthorized');
}

export function methodNotAllowed(message = 'the server does not allow this method on the requested resource'): LabReply {
  return statusReply('MethodNotAllowed', message);
}

export function pathNotFound(): LabReply {
  return statusReply('NotFound', 'the server could not find the requested resource');
}

export function successStatus(details: StatusDetails): LabReply {
  return json(200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}
