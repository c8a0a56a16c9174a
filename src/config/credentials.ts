// The one credential aksdr authenticates with: DefaultAzureCredential (environment → workload
// identity → managed identity → Azure CLI …) pointed at the environment's authority, trusting its CA.
//
// How the CA reaches Entra ID: every @azure/identity credential builds an `IdentityClient`, a
// core-client ServiceClient that MSAL uses as its network client, from the credential's options
// (`TokenCredentialOptions extends CommonClientOptions`), so `tlsOptions: { ca }` given here ends up
// in that client's TLS policy — no NODE_EXTRA_CA_CERTS needed.
import { DefaultAzureCredential, type DefaultAzureCredentialClientIdOptions, type TokenCredential } from '@azure/identity';
import { isKnownAuthorityHost, type AzureEnvironment } from './azure-environment.js';

/**
 * Options for DefaultAzureCredential. Instance discovery (MSAL asking login.microsoftonline.com to
 * vouch for the authority) is switched off for any authority that is not a public or sovereign
 * cloud host: offline or private authorities cannot be vouched for and every token request fails.
 */
export function credentialOptionsFor(environment: AzureEnvironment, env: NodeJS.ProcessEnv): DefaultAzureCredentialClientIdOptions {
  const options: DefaultAzureCredentialClientIdOptions = {
    authorityHost: environment.authorityHost,
    disableInstanceDiscovery: !isKnownAuthorityHost(environment.authorityHost),
  };
  const tenantId = env.AZURE_TENANT_ID?.trim();
  const clientId = env.AZURE_CLIENT_ID?.trim();
  if (tenantId) options.tenantId = tenantId;
  // A user-assigned managed identity / workload identity is chosen by AZURE_CLIENT_ID.
  if (clientId) options.managedIdentityClientId = clientId;
  if (environment.caPem) options.tlsOptions = { ca: environment.caPem };
  return options;
}

/**
 * DefaultAzureCredential for this environment. Note: its EnvironmentCredential reads the service
 * principal (AZURE_CLIENT_SECRET / AZURE_CLIENT_CERTIFICATE_PATH) from `process.env` itself — the
 * SDK offers no way to hand it another map; `env` supplies the tenant and client ids it can take.
 */
export function createCredential(environment: AzureEnvironment, env: NodeJS.ProcessEnv = process.env): TokenCredential {
  return new DefaultAzureCredential(credentialOptionsFor(environment, env));
}

/** The Entra ID application of the AKS API server ("Azure Kubernetes Service AAD Server"), same in every cloud. */
export const aksServerScope = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';
