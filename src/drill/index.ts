// DR drills: the runner the CLI and the service call, its report, and how the report is rendered.
export { runDrill } from './run-drill.js';
export { DrillUsageError, type DrillDependencies, type DrillOptions, type ScratchNamespaces } from './drill-context.js';
export { drillModes, isDrillMode, type DrillMode, type DrillReport, type DrillStep, type DrillResult } from './drill-report.js';
export type { DrillProgress, ProgressListener } from './drill-progress.js';
export { DrillStore, type DrillRecord } from './drill-store.js';
