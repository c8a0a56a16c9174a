// Keeps the deployments memory across restarts in the state store: a controller that restarts while
// the primary is already down (a crash mid-failover) still knows what the primary ran. Anything new
// (a deployment, an image) is saved at once; a view that only got younger is saved at most every
// `saveEveryMs` (an older "last seen" after a restart is conservative). Saves never block a probe.
import { isStateConflictError, type StateStore } from '../state/state-store.js';
import type { Clock } from '../probes/cluster-ports.js';
import type { DeploymentsMemory, DeploymentsSnapshot } from './deployments-memory.js';

export const deploymentsMemoryKey = 'deployments-memory';

export interface MemoryPersistence {
  /** Write the memory now (on shutdown, and in tests). */
  flush(): Promise<void>;
}

export async function persistDeploymentsMemory(
  memory: DeploymentsMemory,
  store: StateStore,
  clock: Clock,
  options: { saveEveryMs?: number; onError?: (error: unknown) => void } = {},
): Promise<MemoryPersistence> {
  const saveEveryMs = options.saveEveryMs ?? 30_000;
  const loaded = await store.load<DeploymentsSnapshot>(deploymentsMemoryKey);
  if (loaded) memory.load(loaded.data);
  let revision = loaded?.revision ?? 0;
  let lastSavedAt = Number.NEGATIVE_INFINITY;
  let savedContent = contentOf(memory.snapshot());
  let saving: Promise<void> = Promise.resolve();

  const save = async (): Promise<void> => {
    try {
      revision = (await store.save(deploymentsMemoryKey, memory.snapshot(), revision, new Date(clock.now()))).revision;
    } catch (error) {
      // Another controller writes the same memory: take its view and its revision; next change saves.
      if (!isStateConflictError(error)) throw error;
      const latest = await store.load<DeploymentsSnapshot>(deploymentsMemoryKey);
      if (latest) memory.load(latest.data);
      revision = latest?.revision ?? 0;
    }
  };
  const queueSave = (): Promise<void> => {
    saving = saving.then(save).catch((error: unknown) => options.onError?.(error));
    return saving;
  };

  memory.onChange(() => {
    const content = contentOf(memory.snapshot());
    if (content === savedContent && clock.now() - lastSavedAt < saveEveryMs) return;
    savedContent = content;
    lastSavedAt = clock.now();
    void queueSave();
  });
  return { flush: queueSave };
}

/** What readiness needs of the memory — which deployments run which images — without the timestamps. */
function contentOf(snapshot: DeploymentsSnapshot): string {
  return JSON.stringify(
    Object.entries(snapshot)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, { deployments }]) => [key, deployments.map((d) => [d.name, d.images]).sort()]),
  );
}
