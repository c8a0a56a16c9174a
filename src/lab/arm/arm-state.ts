// What the ARM emulator keeps beyond the world: its long-running operations and the Traffic
// Manager profiles created through it. One per lab; pass it to createArmHandler to share it.
import type { LabContext } from '../context.js';
import type { ArmResource } from '../world/world.js';
import { ArmOperations } from './operations.js';

export class ArmState {
  readonly operations: ArmOperations;
  /** Every Traffic Manager profile; the world's own profile object stays the same reference. */
  readonly profiles: ArmResource[];

  constructor(readonly ctx: LabContext) {
    this.operations = new ArmOperations(ctx);
    this.profiles = [ctx.world.trafficManager];
  }
}
