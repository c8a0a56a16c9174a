// What a drill keeps in the state store: the record of the live drill in progress (one per policy,
// key `<policy>.drill`, with its phase and the endpoints it started from), so a drill killed at any
// point is found and aborted by the next `aksdr drill`; and every finished drill's report (log
// `<policy>.drills`), which `aksdr history` and the service read.
import type { RegionName } from '../core/index.js';
import type { EndpointSettings } from '../core/plan/plan-types.js';
import type { StateStore } from '../state/state-store.js';
import type { DrillMode, DrillReport } from './drill-report.js';

export const DRILL_RECORD_SCHEMA_VERSION = 1;

/**
 * started → failing-over → failing-back → finished, or → aborting → finished. A record found in any
 * phase but `finished` is a drill that did not end: its abort runs before anything else.
 */
export type DrillPhase = 'started' | 'failing-over' | 'failing-back' | 'aborting' | 'finished';

export interface DrillRecord {
  schemaVersion: typeof DRILL_RECORD_SCHEMA_VERSION;
  drillId: string;
  mode: DrillMode;
  target: RegionName;
  by: string;
  /** ISO. */
  startedAt: string;
  phase: DrillPhase;
  /** The endpoints before the drill moved anything: what an abort puts back. */
  startingEndpoints: EndpointSettings;
}

export const drillRecordKey = (policy: string): string => `${policy}.drill`;
export const drillReportsLog = (policy: string): string => `${policy}.drills`;

export class DrillStore {
  constructor(private readonly store: StateStore) {}

  async current(policy: string): Promise<{ record: DrillRecord; revision: number } | undefined> {
    const stored = await this.store.load<DrillRecord>(drillRecordKey(policy));
    return stored ? { record: stored.data, revision: stored.revision } : undefined;
  }

  /** The live drill in progress, if one did not finish. */
  async unfinished(policy: string): Promise<DrillRecord | undefined> {
    const found = await this.current(policy);
    return found && found.record.phase !== 'finished' ? found.record : undefined;
  }

  /** Saves the record in a new phase (a conflict — another drill at the same time — throws). */
  async save(policy: string, record: DrillRecord, now: number): Promise<void> {
    const found = await this.current(policy);
    if (record.phase === 'started' && found && found.record.phase !== 'finished') {
      throw new Error(`drill ${found.record.drillId} of ${policy} is still ${found.record.phase}`);
    }
    await this.store.save(drillRecordKey(policy), record, found?.revision ?? 0, new Date(now));
  }

  appendReport(report: DrillReport): Promise<void> {
    return this.store.append(drillReportsLog(report.policy), report);
  }

  /** Finished drills' reports, oldest first (`limit`: the newest n). */
  async reports(policy: string, limit?: number): Promise<DrillReport[]> {
    const all = await this.store.readLog<DrillReport>(drillReportsLog(policy));
    return limit === undefined ? all : all.slice(-limit);
  }
}
