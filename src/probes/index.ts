// Health probes: one per signal, run together by the ProbeRunner (the engine's Observer).
export { ProbeRunner, raceAbort, signalProbes, type ProbeRunnerOptions } from './probe-runner.js';
export { refreshPeriodsFor, isFreshEnough, armPeriodsInMs, type RefreshPeriods } from './request-budget.js';
export { NodeHttpProbeClient, type HttpProbeClient, type HttpProbeResponse, type NodeHttpProbeClientOptions } from './http-probe-client.js';
export { describeFailure, describeNetworkCode } from './describe-failure.js';
export { systemClock, type Clock, type ClusterPorts } from './cluster-ports.js';
export type { ProbePorts, ProbeTarget, ProbeVerdict, SignalProbe } from './signal-probe.js';
export { judgeAksCluster } from './aks-probe.js';
export { judgeReadyz } from './api-server-probe.js';
export { judgeNodes } from './nodes-probe.js';
export { judgeWorkloads } from './workloads-probe.js';
export { judgeAppResponse } from './app-probe.js';
export { judgeEndpoint } from './traffic-manager-probe.js';
