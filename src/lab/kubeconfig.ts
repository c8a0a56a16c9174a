// Kubeconfigs for the lab's clusters, in the shape AKS's listClusterUserCredential returns, with the
// lab CA embedded so client-node and kubectl verify TLS.
import { stringify } from 'yaml';
import { clusterServerUrl, type LabContext } from './context.js';
import { aksServerApplicationId } from './entra/resource-principals.js';
import type { ClusterState } from './world/world.js';

export type CredentialKind = 'user' | 'admin';

/**
 * The user AKS writes into an Entra-integrated cluster's user kubeconfig (format `exec`): kubelogin
 * asks Entra ID for a token for the AKS server application. The client id is Azure CLI's public one,
 * which AKS names for interactive sign-in.
 */
function kubeloginUser(ctx: LabContext): Record<string, unknown> {
  return {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'kubelogin',
      args: ['get-token', '--login', 'devicecode', '--server-id', aksServerApplicationId, '--client-id', '80faf920-1908-4b52-b5ef-a8e7bedfc67a', '--tenant-id', ctx.world.identity.tenantId, '--environment', 'AzurePublicCloud'],
      env: null,
      installHint: '\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://aka.ms/aks/kubelogin\n',
      provideClusterInfo: false,
      interactiveMode: 'IfAvailable',
    },
  };
}

export function kubeconfigFor(ctx: LabContext, cluster: ClusterState, kind: CredentialKind): string {
  const userName = `cluster${kind === 'admin' ? 'Admin' : 'User'}_${cluster.resourceGroup}_${cluster.name}`;
  const contextName = kind === 'admin' ? `${cluster.name}-admin` : cluster.name;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster.name,
        cluster: { server: clusterServerUrl(ctx, cluster.name), 'certificate-authority-data': Buffer.from(ctx.pki.caCertPem).toString('base64') },
      },
    ],
    users: [{ name: userName, user: kind === 'user' && cluster.entraIntegrated ? kubeloginUser(ctx) : { token: kind === 'admin' ? cluster.adminToken : cluster.userToken } }],
    contexts: [{ name: contextName, context: { cluster: cluster.name, user: userName } }],
    'current-context': contextName,
    preferences: {},
  });
}
