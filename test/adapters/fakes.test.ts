// The port contracts against the in-memory fakes the engine tests use: they must not drift from the real adapters.
import { beforeEach, describe } from 'vitest';
import { acrContract } from './contracts/acr.contract.js';
import { aksContract } from './contracts/aks.contract.js';
import { kubernetesContract } from './contracts/kubernetes.contract.js';
import { trafficManagerContract } from './contracts/traffic-manager.contract.js';
import { veleroContract } from './contracts/velero.contract.js';
import {
  FakeTrafficManager,
  ManualClock,
  aProfile,
  appNamespace,
  clusterIds,
  deploymentNames,
  fakeAcr,
  fakeAks,
  fakeKubernetes,
  fakeVelero,
  profileId,
  registryId,
  schedule,
} from './fixtures/fake-world.js';

const missing = (id: string): string => id.replace(/\/[^/]+$/, '/does-not-exist');

describe('FakeTrafficManager honours the TrafficManagerPort contract', () => {
  let port: FakeTrafficManager;
  beforeEach(() => {
    port = new FakeTrafficManager([aProfile()]);
  });
  trafficManagerContract(() => ({ port, profileId, endpoint: { type: 'ExternalEndpoints', name: 'ep-neu' }, missingProfileId: missing(profileId) }));
});

describe('FakeAks honours the AksPort contract', () => {
  let port: ReturnType<typeof fakeAks>;
  beforeEach(() => {
    port = fakeAks();
    port.operationDurationInMs = 5;
  });
  aksContract(() => ({
    port,
    clusterId: clusterIds.northeurope,
    missingClusterId: missing(clusterIds.northeurope),
    pool: 'user',
    pollIntervalInMs: 1,
    stopCluster: () => port.stopCluster(clusterIds.northeurope),
  }));
});

describe('FakeAcr honours the AcrPort contract', () => {
  let port: ReturnType<typeof fakeAcr>;
  beforeEach(() => {
    port = fakeAcr();
  });
  acrContract(() => ({
    port,
    registryId,
    missingRegistryId: missing(registryId),
    regions: ['westeurope', 'northeurope'],
    degradeReplica: (region) => port.degradeReplica(registryId, region),
    heal: () => port.heal(registryId),
  }));
});

describe('FakeKubernetes honours the KubernetesPort contract', () => {
  let port: ReturnType<typeof fakeKubernetes>;
  beforeEach(() => {
    port = fakeKubernetes();
  });
  kubernetesContract(() => ({
    port,
    namespace: appNamespace,
    deployments: deploymentNames,
    apiServerDown: () => {
      port.mode = 'down';
    },
    apiServerSlow: (latencyInMs) => {
      port.mode = 'slow';
      port.slowLatencyInMs = latencyInMs;
    },
    nodesNotReady: () => port.setNodesReady(false),
    heal: () => {
      port.mode = 'up';
      port.setNodesReady(true);
    },
  }));
});

describe('FakeVelero honours the VeleroPort contract', () => {
  const stepInMs = 1_000;
  let clock: ManualClock;
  let port: ReturnType<typeof fakeVelero>;
  let counter = 0;
  beforeEach(() => {
    clock = new ManualClock();
    port = fakeVelero(clock, stepInMs);
  });
  veleroContract(() => ({
    port,
    schedule,
    namespace: appNamespace,
    progress: () => clock.advance(stepInMs),
    failRestores: () => {
      port.restoreOutcome = 'Failed';
    },
    heal: () => {
      port.restoreOutcome = 'Completed';
    },
    uniqueName: (prefix) => `${prefix}-${++counter}`,
  }));
});
