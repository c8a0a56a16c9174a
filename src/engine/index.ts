// The engine's public surface: the clock, the loop per policy, the executor with its journal.
export { FakeClock, systemClock, type Clock } from './clock.js';
export { PolicyEngine, type CycleOptions, type CycleReport, type EngineDependencies } from './engine.js';
export { commandResultOf, type CommandResult, type CommandStatus } from './command-result.js';
export { CommandQueue, commandLogName, type CommandLogRecord, type QueuedCommand } from './command-queue.js';
export { documentKey, initialDocument, loadDocument, saveDocument, type EngineDocument, type LoadedDocument } from './engine-document.js';
export { liveLoop, heartbeatKey, type LoopHeartbeat } from './loop-presence.js';
export { Executor, type ExecuteOptions, type ExecutorOptions } from './executor/executor.js';
export { Journal, journalLogName, type JournalRecord, type OperationProgress, type OperationRecord, type StepRecord } from './executor/journal.js';
export type { ActionPorts, ClusterPortsResolver } from './executor/executor-ports.js';
export { backoffDelayMs, callWithRetry, defaultRetrySettings, type RetrySettings } from './executor/retry.js';
export { defaultExecutorTimings, type ExecutorTimings } from './executor/step-context.js';
export { StepError, isStepError, type StepErrorCode } from './executor/step-error.js';
export { executeCommand, type ExecuteCommandOptions, type ExecutedCommand } from './execute-command.js';
