// Which lab region a Traffic Manager endpoint fronts.
import type { LabContext } from '../context.js';
import { shortRegionName } from '../world/world.js';
import type { JsonObject } from './merge.js';

/** The lab region an endpoint fronts: its endpointLocation, or the `ep-<short>` naming convention. */
export function endpointRegion(ctx: LabContext, name: string, properties: JsonObject): string | undefined {
  const regions = ctx.world.spec.regions;
  const location = typeof properties.endpointLocation === 'string' ? properties.endpointLocation.replace(/\s+/g, '').toLowerCase() : undefined;
  const byLocation = regions.find((r) => r.toLowerCase() === location);
  if (byLocation) return byLocation;
  return regions.find((r) => `ep-${shortRegionName(r)}` === name.toLowerCase());
}
