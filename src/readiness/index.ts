// Readiness checks of a failover target (the engine's ReadinessChecker).
export { ReadinessCheckerImpl, UnknownRegionError, readinessChecks, sourceRegionFor, minReadinessTimeoutInMs, type ReadinessCheckerOptions } from './readiness-checker.js';
export type { ReadinessPorts, ReadinessCheckDefinition, CheckRun } from './check-context.js';
export { formatAge } from './backup-freshness-check.js';
