// The real adapters of one policy in the service: the composition root's dependencies for that
// policy's clusters, its metrics in the service's registry, the deployments memory kept in the
// store. One set per policy, so a changed policy file restarts only its own connections.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createActionPorts, createDependencies } from '../app/dependencies.js';
import type { EngineRuntime } from '../cli/commands/engine/engine-setup.js';
import type { Clock } from '../engine/clock.js';
import { persistDeploymentsMemory } from '../readiness/deployments-memory-store.js';
import type { StateStore } from '../state/state-store.js';
import type { PolicyEntry } from './policy-directory.js';

export function policyRuntimeFactory(options: { env: Readonly<Record<string, string | undefined>>; store: StateStore; registry: Registry; logger: Logger; clock: Clock }) {
  return async (entry: PolicyEntry): Promise<EngineRuntime> => {
    const { env, store, registry, logger, clock } = options;
    const deps = createDependencies({ env, policies: [{ file: entry.file, policy: entry.policy }], logger, registry, clock });
    try {
      await deps.verifyAzureAccess();
    } catch (error) {
      await deps.close();
      throw error;
    }
    const memory = await persistDeploymentsMemory(deps.deploymentsMemory, store, clock, { onError: (error) => logger.warn({ err: error }, 'could not save the deployments memory') });
    return {
      ports: createActionPorts(deps),
      clock,
      logger,
      close: async () => {
        await memory.flush().catch(() => undefined);
        await deps.close();
      },
    };
  };
}
