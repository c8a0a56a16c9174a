// The files a running lab leaves for its clients: `lab.json` (every address and id), `ca.pem`,
// one kubeconfig per cluster, and `env` — export lines that point aksdr and the Azure SDKs at the lab.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, clusterServerUrl, type LabContext } from './context.js';
import { kubeconfigFor } from './kubeconfig.js';
import { endpointRegion } from './lab-state.js';
import { labPolicyYaml } from './lab-policy.js';

export interface LabClusterInfo {
  resourceId: string;
  name: string;
  resourceGroup: string;
  role: 'primary' | 'secondary';
  kubeconfig: string;
  apiServer: string;
  appUrl: string;
}

export interface LabInfo {
  dir: string;
  armEndpoint: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  caFile: string;
  controlUrl: string;
  controlToken: string;
  envFile: string;
  policyFile?: string;
  /**
   * A projected service-account token of aksdr's service account in the primary cluster, as AKS's
   * workload-identity webhook mounts it (AZURE_FEDERATED_TOKEN_FILE); not in `env`, which signs in
   * with the client secret.
   */
  federatedTokenFile?: string;
  /** IDENTITY_ENDPOINT and IDENTITY_HEADER of the app's managed identity (not in `env` either). */
  managedIdentity: { endpoint: string; header: string; clientId: string };
  clusters: Record<string, LabClusterInfo>;
  trafficManager: { profileId: string; endpoints: Record<string, string> };
  registry: { resourceId: string; loginServer: string };
  /** The lab's DNS server (UDP and TCP) and the Traffic Manager profile's FQDN it answers for. */
  dns: { server: string; fqdn: string };
  backupSchedule: string;
  /**
   * How fast the lab's world moves: `azure` (Azure's and Velero's durations) or `fast`
   * (near-instant), every duration divided by `timeScale`.
   */
  pace: { pace: 'azure' | 'fast'; timeScale: number };
  appNamespace: string;
  deployments: string[];
}

/**
 * The environment that points aksdr and the Azure SDKs at the lab — what `source DIR/env` sets.
 * The product reads nothing else to find it: no lab-only code path.
 */
export function labEnvironment(info: LabInfo): Record<string, string> {
  return {
    AZURE_TENANT_ID: info.tenantId,
    AZURE_CLIENT_ID: info.clientId,
    AZURE_CLIENT_SECRET: info.clientSecret,
    AZURE_AUTHORITY_HOST: info.authorityHost,
    AZURE_SUBSCRIPTION_ID: info.subscriptionId,
    AKSDR_ARM_ENDPOINT: info.armEndpoint,
    AKSDR_CA_FILE: info.caFile,
    NODE_EXTRA_CA_CERTS: info.caFile,
    AKSDR_LAB_DIR: info.dir,
    ...(info.policyFile ? { AKSDR_POLICY: info.policyFile } : {}),
    AKSDR_STATE_DIR: path.join(info.dir, 'state'),
    // Verify that clients follow a failover through the lab's Traffic Manager DNS.
    AKSDR_VERIFY_DNS: info.dns.server,
  };
}

/** Quote a value for a POSIX shell `export` line. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function projectBinDir(): string {
  // src/lab/lab-files.ts and dist/lab/lab-files.js both sit two levels under the project root.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin');
}

export interface LabSecrets {
  controlToken: string;
  /** The IDENTITY_HEADER of the managed identity endpoint. */
  identityHeader: string;
  federatedToken?: string;
  dns: { server: string; fqdn: string };
}

export async function writeLabFiles(dir: string, ctx: LabContext, secrets: LabSecrets): Promise<LabInfo> {
  const { controlToken, identityHeader, federatedToken, dns } = secrets;
  const root = path.resolve(dir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const caFile = path.join(root, 'ca.pem');
  await writeFile(caFile, ctx.pki.caCertPem);

  const clusters: Record<string, LabClusterInfo> = {};
  for (const cluster of ctx.world.clusters) {
    const kubeconfig = path.join(root, `kubeconfig-${cluster.region}.yaml`);
    await writeFile(kubeconfig, kubeconfigFor(ctx, cluster, 'user'), { mode: 0o600 });
    clusters[cluster.region] = {
      resourceId: cluster.resourceId,
      name: cluster.name,
      resourceGroup: cluster.resourceGroup,
      role: cluster.role,
      kubeconfig,
      apiServer: clusterServerUrl(ctx, cluster.name),
      appUrl: appUrl(ctx, cluster.region),
    };
  }

  const endpoints: Record<string, string> = {};
  const tmEndpoints = ctx.world.trafficManager.properties.endpoints;
  for (const ep of Array.isArray(tmEndpoints) ? (tmEndpoints as { id: string; properties: Record<string, unknown> }[]) : []) {
    const region = endpointRegion(ctx, ep.properties);
    if (region) endpoints[region] = ep.id;
  }

  const { identity } = ctx.world;
  const envFile = path.join(root, 'env');
  const policyFile = path.join(root, 'policy.yaml');
  await writeFile(policyFile, labPolicyYaml(ctx));
  const federatedTokenFile = path.join(root, 'azure-identity-token');
  if (federatedToken) await writeFile(federatedTokenFile, federatedToken, { mode: 0o600 });
  const info: LabInfo = {
    dir: root,
    armEndpoint: ctx.urls.arm,
    authorityHost: ctx.urls.entra,
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    clientSecret: identity.clientSecret,
    subscriptionId: identity.subscriptionId,
    caFile,
    controlUrl: ctx.urls.control,
    controlToken,
    envFile,
    policyFile,
    ...(federatedToken ? { federatedTokenFile } : {}),
    managedIdentity: { endpoint: `${ctx.urls.identity}/msi/token`, header: identityHeader, clientId: identity.managedIdentityClientId },
    clusters,
    trafficManager: { profileId: ctx.world.trafficManager.id, endpoints },
    registry: { resourceId: ctx.world.registry.resource.id, loginServer: String(ctx.world.registry.resource.properties.loginServer) },
    dns,
    backupSchedule: ctx.world.spec.backupSchedule,
    pace: { pace: ctx.timing.pace, timeScale: ctx.timing.timeScale },
    appNamespace: ctx.world.spec.appNamespace,
    deployments: ctx.world.spec.deployments,
  };

  const env = labEnvironment(info);
  const lines = [
    '# aksdr lab: `source` this file to point aksdr and the Azure SDKs at the running lab.',
    ...Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
    `export PATH=${shellQuote(projectBinDir())}:"$PATH"`,
    '',
  ];
  await writeFile(envFile, lines.join('\n'), { mode: 0o600 });
  await chmod(envFile, 0o600);
  await writeFile(path.join(root, 'lab.json'), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  return info;
}
