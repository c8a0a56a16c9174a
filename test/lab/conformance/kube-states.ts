// The states a lab cluster's objects can be in: the seeded world, each region fault that changes
// what is read back, and each phase the simulated controllers (Velero's schedules and restores, the
// deployment controller, the AKS node provisioner) move objects through. Each arranges a fresh lab.
import { veleroTypes } from '../../../src/lab/world/kube-store.js';
import { reconcileNodes } from '../../../src/lab/world/world.js';
import { testTiming, type KubeLab, type KubeLabOptions } from '../fixtures/kube-fixture.js';
import { rawRequest } from '../fixtures/kube-http.js';

export interface LabState {
  name: string;
  options?: KubeLabOptions;
  arrange?(lab: KubeLab): Promise<void> | void;
}

async function createRestore(lab: KubeLab, name: string, spec: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify({ apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name, namespace: 'velero' }, spec });
  const response = await rawRequest(lab, lab.secondary, '/apis/velero.io/v1/namespaces/velero/restores', { method: 'POST', body });
  if (response.status !== 201) throw new Error(`creating restore ${name}: ${response.status} ${response.text}`);
}

/** Fail the arrangement when the restore did not reach the phase the state is named for. */
function expectPhase(lab: KubeLab, name: string, phase: string): void {
  const actual = lab.secondary.store.get(veleroTypes.restores, 'velero', name)?.status?.phase;
  if (actual !== phase) throw new Error(`restore ${name} is ${String(actual)}, not ${phase}`);
}

const azure = { pace: { pace: 'azure', timeScale: 1 } } satisfies KubeLabOptions;
const fromSchedule = { scheduleName: 'shop-hourly', includedNamespaces: ['shop'], existingResourcePolicy: 'update' };
const restoreMs = testTiming.restoreStepMs * 10;

export const labStates: LabState[] = [
  { name: 'the seeded world (warm standby)' },
  { name: 'a cold standby with no workloads', options: { spec: { standby: 'cold' } } },
  { name: 'nodes-notready on both regions', arrange: (lab) => lab.ctx.world.spec.regions.forEach((r) => lab.ctx.faults.inject(r, 'nodes-notready')) },
  { name: 'workloads-unavailable on both regions', arrange: (lab) => lab.ctx.world.spec.regions.forEach((r) => lab.ctx.faults.inject(r, 'workloads-unavailable')) },
  { name: 'backup-stale on the primary', arrange: (lab) => void lab.ctx.faults.inject(lab.primary.region, 'backup-stale') },
  { name: 'a new scheduled backup', arrange: (lab) => lab.advance(testTiming.backupEveryMs) },
  {
    name: 'a restore in progress',
    async arrange(lab) {
      await createRestore(lab, 'r-progress', fromSchedule);
      lab.advance(testTiming.restoreStepMs);
      expectPhase(lab, 'r-progress', 'InProgress');
    },
  },
  {
    name: 'a completed restore that created and updated Deployments',
    async arrange(lab) {
      await createRestore(lab, 'r-done', fromSchedule);
      lab.advance(restoreMs);
      expectPhase(lab, 'r-done', 'Completed');
    },
  },
  {
    name: 'a restore that failed (restore-fails)',
    async arrange(lab) {
      lab.ctx.faults.inject(lab.secondary.region, 'restore-fails');
      await createRestore(lab, 'r-failed', fromSchedule);
      lab.advance(restoreMs);
      expectPhase(lab, 'r-failed', 'Failed');
    },
  },
  {
    name: 'a restore that partially failed (restore-fails PartiallyFailed)',
    async arrange(lab) {
      lab.ctx.faults.inject(lab.secondary.region, 'restore-fails', { phase: 'PartiallyFailed' });
      await createRestore(lab, 'r-partial', fromSchedule);
      lab.advance(restoreMs);
      expectPhase(lab, 'r-partial', 'PartiallyFailed');
    },
  },
  {
    name: 'a restore that failed validation',
    async arrange(lab) {
      await createRestore(lab, 'r-invalid', { backupName: 'no-such-backup' });
      lab.advance(restoreMs);
      expectPhase(lab, 'r-invalid', 'FailedValidation');
    },
  },
  {
    name: 'a Deployment scaled to zero through /scale',
    async arrange(lab) {
      const body = JSON.stringify({ spec: { replicas: 0 } });
      const headers = { 'content-type': 'application/merge-patch+json' };
      await rawRequest(lab, lab.primary, '/apis/apps/v1/namespaces/shop/deployments/frontend/scale', { method: 'PATCH', body, headers });
    },
  },
  {
    // (A stopped cluster's API server does not answer at all, so it has nothing to validate.)
    name: 'a user pool scaled out to five nodes and one scaled to zero',
    arrange(lab) {
      for (const [cluster, count] of [[lab.primary, 5], [lab.secondary, 0]] as const) {
        const pool = cluster.agentPools.find((p) => p.mode === 'User');
        if (pool) pool.count = count;
        reconcileNodes(cluster, () => lab.clock.now());
      }
    },
  },
  {
    name: 'backup-storage-unavailable on the secondary, a restore refused by validation',
    async arrange(lab) {
      lab.ctx.faults.inject(lab.secondary.region, 'backup-storage-unavailable');
      await createRestore(lab, 'r-no-storage', fromSchedule);
      lab.advance(restoreMs);
      expectPhase(lab, 'r-no-storage', 'FailedValidation');
    },
  },
  {
    name: 'a restore hanging InProgress (restore-hangs)',
    async arrange(lab) {
      lab.ctx.faults.inject(lab.secondary.region, 'restore-hangs');
      await createRestore(lab, 'r-hung', fromSchedule);
      lab.advance(restoreMs * 100);
      expectPhase(lab, 'r-hung', 'InProgress');
    },
  },
  {
    name: "azure pace: a scaled-out pool's new nodes still booting (NotReady, not-ready taint)",
    options: azure,
    arrange(lab) {
      const pool = lab.primary.agentPools.find((p) => p.mode === 'User');
      if (pool) pool.count = 5;
      reconcileNodes(lab.primary, () => lab.clock.now(), lab.ctx.timing.nodeBootMs);
      lab.advance(1);
    },
  },
  {
    name: 'azure pace: a restored cold standby whose pods are starting, one Deployment without room',
    options: { ...azure, spec: { standby: 'cold' } },
    async arrange(lab) {
      await createRestore(lab, 'r-azure', fromSchedule);
      lab.advance(lab.ctx.timing.restoreStepMs * 3);
      expectPhase(lab, 'r-azure', 'Completed');
      const body = JSON.stringify([
        { op: 'replace', path: '/spec/replicas', value: 40 },
        { op: 'add', path: '/spec/template/spec/containers/0/resources', value: { requests: { cpu: '1' } } },
      ]);
      const headers = { 'content-type': 'application/json-patch+json' };
      const response = await rawRequest(lab, lab.secondary, '/apis/apps/v1/namespaces/shop/deployments/cart', { method: 'PATCH', body, headers });
      if (response.status !== 200) throw new Error(`patching cart: ${response.status} ${response.text}`);
      lab.advance(1);
    },
  },
];
