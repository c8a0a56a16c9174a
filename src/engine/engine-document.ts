// The document the engine persists per policy (state store key = the policy's name): the engine
// state, the health it evaluated, the latest readiness reports (a short-lived cache that survives a
// restart), and how many queued commands it has consumed. Saved with a revision: a conflict means
// another writer, and the engine stops acting on what it read.
import { ENGINE_STATE_SCHEMA_VERSION, initialEngineState, initialHealthState, type EngineState, type HealthState, type ReadinessReport, type RegionName } from '../core/index.js';
import type { FailoverPolicy } from '../policy/index.js';
import { clampFutureTimestamps, type ClampedTimestamp } from './future-timestamps.js';
import { StateCorruptError, type StateStore } from '../state/state-store.js';

export interface EngineDocument {
  schemaVersion: typeof ENGINE_STATE_SCHEMA_VERSION;
  engine: EngineState;
  health: HealthState;
  readiness?: Record<RegionName, ReadinessReport>;
  /** Records of `<policy>.commands` of type `command` already handled (a cursor into that log). */
  commandsProcessed?: number;
}

export interface LoadedDocument {
  doc: EngineDocument;
  /** 0 when nothing was saved yet. */
  revision: number;
  /** Saved timestamps later than `now` (the wall clock stepped back between two runs), moved to `now`: see future-timestamps.ts. */
  clamped?: ClampedTimestamp[];
}

export function documentKey(policy: FailoverPolicy): string {
  return policy.metadata.name;
}

export function initialDocument(policy: FailoverPolicy, now: number): EngineDocument {
  return { schemaVersion: ENGINE_STATE_SCHEMA_VERSION, engine: initialEngineState(policy, now), health: initialHealthState(policy, now), commandsProcessed: 0 };
}

export async function loadDocument(store: StateStore, policy: FailoverPolicy, now: number): Promise<LoadedDocument> {
  const stored = await store.load<EngineDocument>(documentKey(policy));
  if (!stored) return { doc: initialDocument(policy, now), revision: 0 };
  const { data } = stored;
  if (data.schemaVersion !== ENGINE_STATE_SCHEMA_VERSION || !data.engine || !data.health) {
    throw new StateCorruptError(documentKey(policy), `engine state has schemaVersion ${String(data.schemaVersion)}; this aksdr reads ${ENGINE_STATE_SCHEMA_VERSION}`);
  }
  const { doc, clamped } = clampFutureTimestamps(data, now);
  return { doc, revision: stored.revision, ...(clamped.length > 0 ? { clamped } : {}) };
}

export async function saveDocument(store: StateStore, policy: FailoverPolicy, doc: EngineDocument, revision: number, now: number): Promise<number> {
  const saved = await store.save(documentKey(policy), doc, revision, new Date(now));
  return saved.revision;
}

/** The engine state saved for the policy (one read), or undefined when no controller has run it with this store. */
export async function savedEngineState(store: StateStore, policy: FailoverPolicy, now: number): Promise<EngineState | undefined> {
  const loaded = await loadDocument(store, policy, now);
  return loaded.revision === 0 ? undefined : loaded.doc.engine;
}
