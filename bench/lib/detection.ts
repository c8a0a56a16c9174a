// Time to detect, to move the weights, to move the clients and to finish, for a hard regional outage
// against the lab through the real SDKs, with the engine's own fixed-rate loop running and the fault
// injected at a random phase of the probe interval. Each trial is a fresh lab (detection-lab.ts).
// Times come from the journal (when the operation started, when its first weight write completed,
// when it ended) and from the lab's simulated users (from when 99 % of their requests each second
// were served by the secondary, for good: `lab.clients.movedAt`).
import { loadDocument } from '../../src/engine/engine-document.js';
import type { FailoverPolicy } from '../../src/policy/index.js';
import { startDetectionLab } from './detection-lab.js';

export interface DetectionTrial {
  phaseMs: number;
  detectMs: number;
  weightsMs: number;
  /** Fault → 99 % of the client requests served by the secondary, to the end of the 1 s bucket where that began (NaN: not within the wait). */
  clientsMs: number;
  doneMs: number;
  restoreMs: number;
}

export interface TrialOptions {
  variant?: (policy: FailoverPolicy) => FailoverPolicy;
  ttlSeconds: number;
  clients: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** How long the users must stay on the secondary before the move counts as done. */
const settledMs = 2_000;

export async function detectionTrial(seed: number, random: () => number, options: TrialOptions): Promise<{ trial: DetectionTrial; policy: FailoverPolicy }> {
  const world = await startDetectionLab({ seed, ttlSeconds: options.ttlSeconds, clients: options.clients, ...(options.variant ? { policy: options.variant } : {}) });
  const controller = new AbortController();
  try {
    const engine = world.engine();
    const secondary = world.policy.spec.regions.find((r) => r.role === 'secondary')?.name ?? '';
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
    // The users follow once their cached answers expire: wait up to two TTLs (and a margin) for them to settle.
    const clientsDeadline = Date.now() + 2 * options.ttlSeconds * 1000 + 10_000;
    let clientsAt: number | undefined;
    while (Date.now() < clientsDeadline) {
      clientsAt = world.clients.movedAt(secondary, faultAt);
      if (clientsAt !== undefined && Date.now() - clientsAt >= settledMs) break;
      await sleep(250);
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
        // movedAt is the start of the first 1 s bucket with 99 % on the secondary; its end is when they surely were.
        clientsMs: clientsAt === undefined ? Number.NaN : clientsAt + 1_000 - faultAt,
        doneMs: (ended?.at ?? Number.NaN) - faultAt,
        restoreMs: restoreStart && restoreEnd ? restoreEnd.at - restoreStart.at : Number.NaN,
      },
    };
  } finally {
    controller.abort();
    await world.close();
  }
}
