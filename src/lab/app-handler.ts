// The application's own health endpoint in every region (`/regions/{region}/healthz`), the one the
// app probe and Traffic Manager's monitoring call.
import type { LabContext } from './context.js';
import { deadModeOf } from './faults.js';
import { json, type LabHandler } from './http/handler.js';

export function createAppHandler(ctx: LabContext): LabHandler {
  return (request) => {
    const match = /^\/regions\/([^/]+)\/healthz\/?$/.exec(request.url.pathname);
    if (!match?.[1]) return json(404, { status: 'not found' });
    const region = decodeURIComponent(match[1]);
    if (!ctx.world.clusters.some((c) => c.region === region)) return json(404, { status: 'unknown region', region });
    const down = ctx.faults.fires(region, 'region-down');
    if (down) return { drop: true, mode: deadModeOf(down) };
    if (ctx.faults.fires(region, 'app-5xx')) return json(503, { status: 'unavailable', region, reason: 'upstream dependency failed' });
    if (ctx.faults.fires(region, 'flaky')) return json(503, { status: 'unavailable', region, reason: 'intermittent failure' });
    return json(200, { status: 'ok', region, version: '1.4.2' });
  };
}
