// Kubeconfigs for the lab's clusters, in the shape AKS's listClusterUserCredential returns, with the
// lab CA embedded so client-node and kubectl verify TLS.
import { stringify } from 'yaml';
import { clusterServerUrl, type LabContext } from './context.js';
import type { ClusterState } from './world/world.js';

export type CredentialKind = 'user' | 'admin';

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
    users: [{ name: userName, user: { token: kind === 'admin' ? cluster.adminToken : cluster.userToken } }],
    contexts: [{ name: contextName, context: { cluster: cluster.name, user: userName } }],
    'current-context': contextName,
    preferences: {},
  });
}
