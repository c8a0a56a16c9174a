// Is a loop running for this policy somewhere? The loop saves a heartbeat document
// (`<policy>.loop`) every cycle; a CLI command seeing a fresh one queues its command for that loop
// instead of acting itself, so two processes never drive the same operation.
import { hostname } from 'node:os';
import { isStateConflictError, type StateStore } from '../state/state-store.js';

export interface LoopHeartbeat {
  pid: number;
  host: string;
  startedAt: number;
  heartbeatAt: number;
  intervalMs: number;
}

export function heartbeatKey(policy: string): string {
  return `${policy}.loop`;
}

export async function beat(store: StateStore, policy: string, heartbeat: Omit<LoopHeartbeat, 'pid' | 'host'>, now: number): Promise<void> {
  const current = await store.load<LoopHeartbeat>(heartbeatKey(policy));
  try {
    await store.save(heartbeatKey(policy), { ...heartbeat, pid: process.pid, host: hostname() }, current?.revision ?? 0, new Date(now));
  } catch (error) {
    // Two loops beating at once: harmless here; the engine document's revision guards the state.
    if (!isStateConflictError(error)) throw error;
  }
}

/** The last heartbeat saved for the policy's loop, live or not. */
export async function lastHeartbeat(store: StateStore, policy: string): Promise<LoopHeartbeat | undefined> {
  return (await store.load<LoopHeartbeat>(heartbeatKey(policy)))?.data;
}

/** `pid@host`, how this process names itself in the audit trail. */
export function processIdentity(): string {
  return `${process.pid}@${hostname()}`;
}

/** On this host a loop's process can be asked directly: a killed loop is dead at once, not three intervals later. */
function processGone(heartbeat: LoopHeartbeat): boolean {
  if (heartbeat.host !== hostname()) return false;
  try {
    process.kill(heartbeat.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The heartbeat of a live loop, else undefined. Live: it beat within three of its intervals (+5 s)
 * and, when it runs on this host, its process still exists. The loop beats on its own timer, also
 * during a long operation.
 */
export async function liveLoop(store: StateStore, policy: string, now: number): Promise<LoopHeartbeat | undefined> {
  const doc = await store.load<LoopHeartbeat>(heartbeatKey(policy));
  if (!doc || doc.data.heartbeatAt === 0) return undefined;
  if (now - doc.data.heartbeatAt > 3 * doc.data.intervalMs + 5_000) return undefined;
  return processGone(doc.data) ? undefined : doc.data;
}

/** Marks the loop stopped, so commands run at once instead of waiting for a heartbeat to age. */
export async function stopped(store: StateStore, policy: string, now: number): Promise<void> {
  const current = await store.load<LoopHeartbeat>(heartbeatKey(policy));
  if (!current) return;
  await store.save(heartbeatKey(policy), { ...current.data, heartbeatAt: 0 }, current.revision, new Date(now)).catch(() => undefined);
}
