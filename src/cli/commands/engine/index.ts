// The engine's commands: failover, failback, approve, resume, plan, run, history.
import type { Command } from 'commander';
import { registerApproveCommands } from './approve.js';
import { processEngineIo, type EngineCommandIo } from './engine-setup.js';
import { registerMoveCommands } from './failover.js';
import { registerHistoryCommand } from './history.js';
import { registerPlanCommand } from './plan.js';
import { registerRunCommand } from './run.js';

export type { EngineCommandIo, EngineRuntime, EngineRuntimeFactory } from './engine-setup.js';

export function registerEngineCommands(program: Command, io: EngineCommandIo = processEngineIo): void {
  registerMoveCommands(program, io);
  registerApproveCommands(program, io);
  registerPlanCommand(program, io);
  registerRunCommand(program, io);
  registerHistoryCommand(program, io);
}
