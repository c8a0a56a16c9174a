// The application's own health endpoint in every region (`/regions/{region}/healthz`), the one the
// app probe and Traffic Manager's monitoring call. It answers from the region's workloads: a
// stopped cluster has no nodes and no load balancer, so nothing answers (the connection is
// refused); at Azure's pace a frontend with no available replica answers 503 as an ingress with
// no healthy upstream does. (At the fast pace the lab keeps its earlier answer there: 200 while the
// cluster runs, whatever its Deployments say — the product's fast tests were written against it.)
import type { LabContext } from './context.js';
import { deadModeOf } from './faults.js';
import { json, type LabHandler } from './http/handler.js';
import { coreTypes } from './world/kube-store.js';
import type { ClusterState } from './world/world.js';

/** The first of the world's Deployments (the frontend) has no available replica. */
function frontendUnavailable(ctx: LabContext, cluster: ClusterState): boolean {
  const frontend = ctx.world.spec.deployments[0];
  if (!frontend) return false;
  const deployment = cluster.store.get(coreTypes.deployments, ctx.world.spec.appNamespace, frontend);
  const available = deployment?.status?.availableReplicas;
  return typeof available !== 'number' || available < 1;
}

export function createAppHandler(ctx: LabContext): LabHandler {
  return (request) => {
    const match = /^\/regions\/([^/]+)\/healthz\/?$/.exec(request.url.pathname);
    if (!match?.[1]) return json(404, { status: 'not found' });
    const region = decodeURIComponent(match[1]);
    const cluster = ctx.world.clusters.find((c) => c.region === region);
    if (!cluster) return json(404, { status: 'unknown region', region });
    const down = ctx.faults.fires(region, 'region-down');
    if (down) return { drop: true, mode: deadModeOf(down) };
    if (cluster.powerState === 'Stopped') return { drop: true, mode: 'refused' };
    if (ctx.faults.fires(region, 'app-5xx')) return json(503, { status: 'unavailable', region, reason: 'upstream dependency failed' });
    if (ctx.faults.fires(region, 'flaky')) return json(503, { status: 'unavailable', region, reason: 'intermittent failure' });
    if (ctx.timing.pace === 'azure' && frontendUnavailable(ctx, cluster)) return json(503, { status: 'unavailable', region, reason: 'no healthy upstream' });
    return json(200, { status: 'ok', region, version: '1.4.2' });
  };
}
