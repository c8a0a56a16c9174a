// Time to detect, to move the weights and to finish, for a hard regional outage against the lab
// through the real SDKs, with the engine's own fixed-rate loop running and the fault injected at a
// random phase of the probe interval. Each trial is a fresh lab. Times come from the journal (when
// the operation started, when its first weight write completed, when it ended).
import { loadDocument } from '../../src/engine/engine-document.js';
import type { FailoverPolicy } from '../../src/policy/index.js';
import { startLabEngine } from '../../test/e2e/support/lab-engine.js';

export interface DetectionTrial {
  phaseMs: number;
  detectMs: number;
  weightsMs: number;
  doneMs: number;
  restoreMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function detectionTrial(seed: number, random: () => number, variant?: (policy: FailoverPolicy) => FailoverPolicy): Promise<{ trial: DetectionTrial; policy: FailoverPolicy }> {
  const world = await startLabEngine({ seed, ...(variant ? { policy: variant } : {}) });
  const controller = new AbortController();
  try {
    const engine = world.engine();
    let cycleStartedAt = 0;
    let cycles = 0;
    const loop = engine.run(controller.signal, () => {
      cycles++;
      cycleStartedAt = Date.now();
    });
    while (cycles < 3) await sleep(50);
    const phaseMs = Math.floor(random() * engine.intervalMs);
    await sleep(Math.max(0, cycleStartedAt + phaseMs - Date.now()));
    const faultAt = Date.now();
    world.lab.inject('westeurope', 'region-down');
    const deadline = faultAt + 30 * engine.intervalMs + 120_000;
    for (;;) {
      const { doc } = await loadDocument(world.store, world.policy, Date.now());
      if (doc.engine.kind === 'FailedOver' || doc.engine.kind === 'Held') break;
      if (Date.now() > deadline) throw new Error(`no failover within the deadline (state ${doc.engine.kind})`);
      await sleep(100);
    }
    controller.abort();
    await loop;
    const records = await engine.journal.records();
    const failover = records.filter((r) => r.kind === 'operation' && r.phase === 'started' && /-failover-/.test(r.operationId)).at(-1);
    if (!failover) throw new Error('no failover in the journal');
    const ofOp = records.filter((r) => r.operationId === failover.operationId);
    const firstShift = ofOp.find((r) => r.kind === 'shiftWeights' && r.phase === 'completed');
    const ended = ofOp.find((r) => r.kind === 'operation' && r.phase !== 'started');
    const restoreStart = ofOp.find((r) => r.kind === 'restore' && r.phase === 'started');
    const restoreEnd = ofOp.find((r) => r.kind === 'restore' && r.phase !== 'started');
    return {
      policy: world.policy,
      trial: {
        phaseMs,
        detectMs: failover.at - faultAt,
        weightsMs: (firstShift?.at ?? Number.NaN) - faultAt,
        doneMs: (ended?.at ?? Number.NaN) - faultAt,
        restoreMs: restoreStart && restoreEnd ? restoreEnd.at - restoreStart.at : Number.NaN,
      },
    };
  } finally {
    controller.abort();
    await world.close();
  }
}
