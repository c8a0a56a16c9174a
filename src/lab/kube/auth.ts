// Bearer-token authentication against the cluster's user and admin credentials (local accounts) or,
// for an Entra-integrated cluster, against Entra ID tokens for the AKS server application. Like a real
// cluster (system:public-info-viewer), health and version paths are open to anonymous callers;
// a token that is presented but wrong is refused everywhere.
import { timingSafeEqual } from 'node:crypto';
import type { LabRequest } from '../http/handler.js';
import { aksServerApplicationId } from '../entra/resource-principals.js';
import type { TokenService } from '../entra/token-service.js';
import type { ClusterState } from '../world/world.js';

export type Caller = 'anonymous' | 'user' | 'admin' | 'rejected';

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function authenticate(request: LabRequest, cluster: ClusterState): Caller {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return 'anonymous';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return 'rejected';
  if (sameToken(match[1], cluster.adminToken)) return 'admin';
  if (sameToken(match[1], cluster.userToken)) return 'user';
  return 'rejected';
}

/**
 * An Entra-integrated cluster (local accounts disabled) takes only Entra ID tokens of its tenant for
 * the AKS server application; its static tokens are refused like any other wrong token.
 */
export async function authenticateEntra(request: LabRequest, tokens: TokenService | undefined, tenantId: string): Promise<Caller> {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return 'anonymous';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1] || !tokens) return 'rejected';
  const check = await tokens.verify(match[1]);
  if (!check.ok) return 'rejected';
  const audience = check.claims.aud.replace(/^spn:/, '').replace(/\/+$/, '').toLowerCase();
  return audience === aksServerApplicationId && check.claims.tid.toLowerCase() === tenantId.toLowerCase() ? 'user' : 'rejected';
}

const publicRoots = new Set(['readyz', 'livez', 'healthz', 'version']);

/** Paths system:public-info-viewer grants to everyone, authenticated or not. */
export function isPublicPath(segments: readonly string[]): boolean {
  return publicRoots.has(segments[0] ?? '') && (segments[0] !== 'version' || segments.length === 1);
}

/** The cluster whose user or admin token the request carries. */
export function clusterOfToken(clusters: readonly ClusterState[], request: LabRequest): ClusterState | undefined {
  return clusters.find((c) => {
    const caller = authenticate(request, c);
    return caller === 'user' || caller === 'admin';
  });
}
