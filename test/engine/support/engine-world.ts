// A two-region world on the in-memory fakes and a fake clock, shaped by a policy: Traffic Manager
// with the policy's endpoints at their steady weights, AKS clusters whose node pools become Ready
// nodes, Velero with fresh backups, and the scriptable observer and readiness checker.
import type { FailoverPolicy } from '../../../src/policy/index.js';
import type { AgentPoolInfo } from '../../../src/core/ports/aks-port.js';
import type { KubernetesPort, NodeInfo } from '../../../src/core/ports/kubernetes-port.js';
import { FakeAks } from '../../../src/azure/fakes/fake-aks.js';
import { FakeTrafficManager } from '../../../src/azure/fakes/fake-traffic-manager.js';
import { FakeKubernetes } from '../../../src/kube/fakes/fake-kubernetes.js';
import { FakeVelero } from '../../../src/kube/fakes/fake-velero.js';
import { steadyEndpoints, type Command } from '../../../src/core/index.js';
import { FakeClock } from '../../../src/engine/clock.js';
import { PolicyEngine, type EngineDependencies } from '../../../src/engine/engine.js';
import type { ActionPorts } from '../../../src/engine/executor/executor-ports.js';
import { MemoryStateStore } from '../../../src/state/memory-state-store.js';
import { aPolicy } from '../../core/builders/policy-builder.js';
import { CrashingStore } from './crashing-store.js';
import { FakeObserver, FakeReadiness } from './fake-observer.js';

export const T0 = Date.UTC(2026, 10, 23, 14, 0, 0);
export const PRIMARY = 'westeurope';
export const SECONDARY = 'northeurope';

/** automatic, capacity scale-up to 3, Velero restore, a 50 % then 100 % shift with a 30 s pause. */
export function aFailoverPolicy(): FailoverPolicy {
  return aPolicy().withMode('automatic').withCapacity(3).withRecovery().withShift([50, 100], 30).build();
}

/** Nodes that follow the AKS pool counts, as the node provisioner makes them (Ready unless told). */
class PoolNodes extends FakeKubernetes {
  nodesReady = true;
  constructor(
    private readonly aks: FakeAks,
    private readonly clusterId: string,
    seed: ConstructorParameters<typeof FakeKubernetes>[0],
  ) {
    super(seed);
  }
  override async listNodes(): Promise<NodeInfo[]> {
    const cluster = await this.aks.getCluster(this.clusterId);
    return cluster.agentPools.flatMap((pool: AgentPoolInfo) => Array.from({ length: pool.count }, (_, i) => ({ name: `aks-${pool.name}-${i}`, ready: this.nodesReady, pool: pool.name })));
  }
}

export interface EngineWorld {
  policy: FailoverPolicy;
  clock: FakeClock;
  store: CrashingStore;
  trafficManager: FakeTrafficManager;
  aks: FakeAks;
  kubernetes: Record<string, PoolNodes>;
  velero: Record<string, FakeVelero>;
  observer: FakeObserver;
  readiness: FakeReadiness;
  ports: ActionPorts;
  /** A fresh engine (a new "process") on the same store and world. */
  engine(overrides?: Partial<EngineDependencies>): PolicyEngine;
  endpoints(): Promise<Record<string, { status: string; weight: number | undefined }>>;
  /** Run one engine cycle to completion on the fake clock, then let one interval pass. */
  cycle(engine: PolicyEngine, command?: Command): ReturnType<PolicyEngine['runCycle']>;
}

export function anEngineWorld(policy: FailoverPolicy = aFailoverPolicy()): EngineWorld {
  const clock = new FakeClock(T0);
  const store = new CrashingStore(new MemoryStateStore());
  const steady = steadyEndpoints(policy);
  const profileId = policy.spec.trafficManager.profile;
  const trafficManager = new FakeTrafficManager([
    {
      id: profileId,
      name: profileId.split('/').pop() ?? 'tm',
      routing: 'Weighted',
      profileStatus: 'Enabled',
      monitorStatus: 'Online',
      endpoints: policy.spec.regions.map((r) => ({ id: `${profileId}/externalEndpoints/${r.endpoint}`, name: r.endpoint, type: r.endpointType, status: steady[r.name]?.status ?? 'Enabled', weight: steady[r.name]?.weight ?? 1, monitorStatus: 'Online', location: r.name })),
    },
  ]);
  const aks = new FakeAks(
    policy.spec.regions.map((r) => ({
      id: r.cluster,
      name: r.cluster.split('/').pop() ?? r.name,
      location: r.name,
      provisioningState: 'Succeeded',
      powerState: 'Running',
      kubernetesVersion: '1.32.4',
      agentPools: [
        { name: 'system', mode: 'System', count: 2, provisioningState: 'Succeeded', powerState: 'Running' },
        { name: 'user', mode: 'User', count: r.role === 'primary' ? 3 : 1, provisioningState: 'Succeeded', powerState: 'Running' },
      ],
    })),
  );
  const deployments = (policy.spec.health.workloads?.deployments ?? []).map((name) => ({ namespace: 'shop', name, replicas: 2, available: 2, ready: 2, images: [`acr.example/${name}:1`], conditions: [] }));
  const kubernetes: Record<string, PoolNodes> = {};
  const velero: Record<string, FakeVelero> = {};
  const backupStart = new Date(T0 - 20 * 60_000).toISOString();
  for (const r of policy.spec.regions) {
    kubernetes[r.cluster] = new PoolNodes(aks, r.cluster, { cluster: r.name, deployments });
    velero[r.cluster] = new FakeVelero({ clock, restoreStepInMs: 5_000, backups: [{ name: 'shop-hourly-1', schedule: 'shop-hourly', phase: 'Completed', startTimestamp: backupStart, completionTimestamp: backupStart, storageLocation: 'default' }] });
  }
  const observer = new FakeObserver(clock);
  observer.trafficManager = trafficManager;
  const readiness = new FakeReadiness(clock);
  const lookup = <T>(map: Record<string, T>, id: string): T => {
    const found = map[id];
    if (!found) throw new Error(`no fake for cluster ${id}`);
    return found;
  };
  const ports: ActionPorts = {
    trafficManager,
    aks,
    clusters: { kubernetes: (id): KubernetesPort => lookup(kubernetes, id), velero: (id) => lookup(velero, id) },
    observer,
    readiness,
  };
  const world: EngineWorld = {
    policy,
    clock,
    store,
    trafficManager,
    aks,
    kubernetes,
    velero,
    observer,
    readiness,
    ports,
    engine: (overrides = {}) => new PolicyEngine(policy, { store, clock, ports, timings: { pollIntervalMs: 1_000 }, ...overrides }),
    endpoints: async () => {
      const result: Record<string, { status: string; weight: number | undefined }> = {};
      const profile = await trafficManager.getProfile(profileId);
      for (const e of profile.endpoints) result[e.location ?? e.name] = { status: e.status, weight: e.weight };
      return result;
    },
    cycle: async (engine, command) => {
      const report = await clock.runUntilSettled(engine.runCycle(command ? { command } : {}));
      await clock.advance(engine.intervalMs);
      return report;
    },
  };
  return world;
}

export function clusterOf(world: EngineWorld, region: string): string {
  const spec = world.policy.spec.regions.find((r) => r.name === region);
  if (!spec) throw new Error(`no region ${region}`);
  return spec.cluster;
}
