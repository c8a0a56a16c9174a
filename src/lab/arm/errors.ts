// ARM error bodies: `{"error":{"code","message"}}` with the HTTP status ARM uses. Handlers throw
// ArmError; the ARM handler turns it (and any other exception, as a 500) into the reply.
import { json, type LabReply } from '../http/handler.js';

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly target?: string,
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

export function isArmError(error: unknown): error is ArmError {
  return error instanceof ArmError;
}

export function armErrorReply(error: ArmError): LabReply {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.target) body.target = error.target;
  return json(error.status, { error: body }, error.headers);
}

const notFoundHint = 'For more details please go to https://aka.ms/ARMResourceNotFoundFix';

export const armErrors = {
  resourceNotFound: (type: string, name: string, resourceGroup: string) =>
    new ArmError(404, 'ResourceNotFound', `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. ${notFoundHint}`),
  resourceGroupNotFound: (resourceGroup: string) => new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`),
  subscriptionNotFound: (subscriptionId: string) => new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`),
  invalidResourceNamespace: (namespace: string) => new ArmError(400, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`),
  invalidResourceType: (type: string, namespace: string, apiVersion: string) =>
    new ArmError(400, 'InvalidResourceType', `The resource type '${type}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`),
  noRoute: (path: string) => new ArmError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${path}'.`),
  methodNotAllowed: (method: string, allowed: string[]) =>
    new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`, { allow: allowed.join(', ') }),
  missingApiVersion: () =>
    new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests."),
  invalidRequestContent: (detail: string) => new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`),
  conflict: (message: string) => new ArmError(409, 'Conflict', message),
  badRequest: (message: string, target?: string) => new ArmError(400, 'BadRequest', message, {}, target),
  internal: () => new ArmError(500, 'InternalServerError', 'Encountered internal server error. Diagnostic information: the lab failed to handle the request.'),
};
