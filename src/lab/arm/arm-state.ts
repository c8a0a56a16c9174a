// What the ARM emulator keeps beyond the world: its long-running operations, the Traffic Manager
// profiles created through it and the subscription's resource groups. One per lab; pass it to
// createArmHandler to share it (e.g. to call `operations.settle()` from a tick).
import type { LabContext } from '../context.js';
import type { ArmResource } from '../world/world.js';
import { ArmOperations } from './operations.js';
import { resourceGroupOf } from './router.js';
import { ArmThrottle } from './throttling.js';
import { TrafficManagerMonitor } from './traffic-manager-monitor.js';

export interface ResourceGroup {
  name: string;
  location: string;
}

export class ArmState {
  readonly operations: ArmOperations;
  /** ARM's per-subscription-and-principal request budgets. */
  readonly throttle: ArmThrottle;
  /** Every Traffic Manager profile; the world's own profile object stays the same reference. */
  readonly profiles: ArmResource[];
  readonly resourceGroups: ResourceGroup[];
  /** Traffic Manager's endpoint monitoring of every profile. */
  readonly monitor: TrafficManagerMonitor;
  /** Every RBAC action a request asked for, authorized or not (least-privilege evidence). */
  readonly actionsRequested = new Set<string>();

  constructor(readonly ctx: LabContext) {
    this.operations = new ArmOperations(ctx);
    this.throttle = new ArmThrottle(ctx);
    this.profiles = [ctx.world.trafficManager];
    this.monitor = new TrafficManagerMonitor(ctx, this.profiles);
    const home = ctx.world.spec.regions[0] ?? 'westeurope';
    const groups: ResourceGroup[] = [
      ...ctx.world.clusters.map((c) => ({ name: c.resourceGroup, location: c.region })),
      { name: resourceGroupOf(ctx.world.registry.resource.id), location: typeof ctx.world.registry.resource.location === 'string' ? ctx.world.registry.resource.location : home },
      { name: resourceGroupOf(ctx.world.trafficManager.id), location: home },
    ];
    this.resourceGroups = groups.filter((g, i) => groups.findIndex((o) => o.name.toLowerCase() === g.name.toLowerCase()) === i);
  }

  resourceGroup(name: string): ResourceGroup | undefined {
    return this.resourceGroups.find((g) => g.name.toLowerCase() === name.toLowerCase());
  }
}
