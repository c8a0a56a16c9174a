// The resource applications (service principals) the lab's tenant has, as Entra looks them up for
// a token request: a scope or resource naming anything else is refused with AADSTS500011, as Entra
// refuses a resource that is not in the tenant. Identifiers are compared the way Entra matches
// application ID URIs: case-insensitively, with or without a trailing slash.
import type { LabContext } from '../context.js';

/** aksdr's own service API as a team registers it (the audience `aksdr serve` checks: AKSDR_API_AUDIENCE). */
export const aksdrApiApplicationUri = 'api://aksdr';

/** The Azure Kubernetes Service AAD Server application (what kubelogin asks tokens for). */
export const aksServerApplicationId = '6dae42f8-4368-4678-94ff-3960e28e3630';

const wellKnown = [
  'https://management.azure.com',
  'https://management.core.windows.net',
  'https://containerregistry.azure.net',
  'https://storage.azure.com',
  'https://vault.azure.net',
  'https://graph.microsoft.com',
  aksServerApplicationId,
  aksdrApiApplicationUri,
];

function normalize(resource: string): string {
  return resource.trim().replace(/\/+$/, '').toLowerCase().replace('://localhost:', '://127.0.0.1:');
}

/** True when the tenant has the resource: a well-known Azure resource or one of the lab's own endpoints. */
export function isKnownResource(ctx: LabContext, resource: string): boolean {
  // Clients pointed at the lab ask for `${endpoint}/.default` (CONTRACTS §2.2): the lab's ARM and
  // registry URLs are registered resources of its tenant, as a sovereign cloud's endpoints are of theirs.
  const own = [ctx.urls.arm, ctx.urls.acr, `https://${String(ctx.world.registry.resource.properties.loginServer)}`];
  return [...wellKnown, ...own].map(normalize).includes(normalize(resource));
}

export function resourceNotFoundDescription(resource: string, tenantId: string): string {
  return `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`;
}
