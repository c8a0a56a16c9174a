// Each lab cluster's OIDC issuer, as AKS runs one for workload identity (`oidcIssuerProfile`): it
// signs service-account tokens (RS256, like the API server's) and publishes its OpenID
// configuration and keys, unauthenticated, at `{issuerURL}.well-known/openid-configuration` and
// `{issuerURL}openid/v1/jwks`. Entra ID fetches those to verify a federated client assertion.
// The issuer lives under the cluster's API-server URL (`/clusters/{name}/oidc/`) instead of AKS's
// `https://{region}.oic.prod-aks.azure.com/{tenant}/{id}/`: it is one more path on the lab's server.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { LabContext } from '../context.js';
import type { ClusterState } from '../world/world.js';

const algorithm = 'RS256';

/** The audience AKS's workload-identity webhook projects tokens for. */
export const tokenExchangeAudience = 'api://AzureADTokenExchange';

interface IssuerKeys {
  privateKey: CryptoKey;
  jwk: JWK;
}

export class ServiceAccountIssuer {
  private readonly keys = new Map<string, Promise<IssuerKeys>>();

  constructor(private readonly ctx: LabContext) {}

  issuerUrl(cluster: ClusterState): string {
    return `${this.ctx.urls.kube}/clusters/${cluster.name}/oidc/`;
  }

  openIdConfiguration(cluster: ClusterState): Record<string, unknown> {
    const issuer = this.issuerUrl(cluster);
    return {
      issuer,
      jwks_uri: `${issuer}openid/v1/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [algorithm],
    };
  }

  async jwks(cluster: ClusterState): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.keysOf(cluster)).jwk] };
  }

  /** A projected service-account token, as the kubelet writes it for a pod using workload identity. */
  async issue(cluster: ClusterState, namespace: string, serviceAccount: string, lifetimeSeconds: number, audience = tokenExchangeAudience): Promise<string> {
    const { privateKey, jwk } = await this.keysOf(cluster);
    const now = Math.floor(this.ctx.clock.now() / 1000);
    return new SignJWT({ 'kubernetes.io': { namespace, serviceaccount: { name: serviceAccount, uid: randomUUID() } } })
      .setProtectedHeader({ alg: algorithm, kid: String(jwk.kid) })
      .setIssuer(this.issuerUrl(cluster))
      .setSubject(`system:serviceaccount:${namespace}:${serviceAccount}`)
      .setAudience(audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(privateKey);
  }

  private keysOf(cluster: ClusterState): Promise<IssuerKeys> {
    let keys = this.keys.get(cluster.name);
    if (!keys) {
      keys = generateKeyPair(algorithm, { extractable: true }).then(async ({ privateKey, publicKey }) => ({
        privateKey,
        jwk: { ...(await exportJWK(publicKey)), kid: randomUUID(), use: 'sig', alg: algorithm },
      }));
      this.keys.set(cluster.name, keys);
    }
    return keys;
  }
}

/** The OIDC issuer's documents for the path below `/clusters/{name}/`, if it is one. */
export async function oidcIssuerReply(issuer: ServiceAccountIssuer, cluster: ClusterState, segments: readonly string[]): Promise<Record<string, unknown> | undefined> {
  if (segments[0] !== 'oidc') return undefined;
  const rest = segments.slice(1).join('/');
  if (rest === '.well-known/openid-configuration') return issuer.openIdConfiguration(cluster);
  if (rest === 'openid/v1/jwks') return issuer.jwks(cluster);
  return undefined;
}
