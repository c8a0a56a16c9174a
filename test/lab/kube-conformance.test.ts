// Every object the lab's API servers serve, in every state its faults and controllers produce,
// validates against the official models: the Kubernetes OpenAPI (kubernetes-models) for built-in
// kinds, Velero's CRD schemas for Velero's.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeWithShared } from '../fixtures/shared-files.js';
import { labStates } from './conformance/kube-states.js';
import { kindValidators, veleroCrdFiles, type KindValidator } from './conformance/kube-validators.js';
import { validateCluster } from './conformance/kube-walk.js';
import { startKubeLab, type KubeLab } from './fixtures/kube-fixture.js';

let lab: KubeLab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

describeWithShared(Object.values(veleroCrdFiles), 'what the lab API servers serve validates against the official models', () => {
  // Read in beforeAll, not while collecting: a fresh clone without ../shared collects this suite too.
  let validators: Map<string, KindValidator>;
  beforeAll(() => {
    validators = kindValidators();
  });

  for (const state of labStates) {
    it(`in ${state.name}`, async () => {
      lab = await startKubeLab(state.options);
      await state.arrange?.(lab);
      let objects = 0;
      for (const cluster of [lab.primary, lab.secondary]) {
        const result = await validateCluster(lab, cluster, validators);
        expect(result.problems).toEqual([]);
        objects += result.objects;
      }
      expect(objects).toBeGreaterThan(0);
    });
  }

  it('names what a validator refuses: a Node without nodeInfo.machineID, a Backup with a phase or field Velero does not have, a Status with a string code', () => {
    const node = validators.get('v1/Node');
    const backup = validators.get('velero.io/v1/Backup');
    expect(node?.({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { nodeInfo: { kubeletVersion: 'v1' } } }).join()).toContain('machineID');
    expect(backup?.({ apiVersion: 'velero.io/v1', kind: 'Backup', metadata: { name: 'b' }, status: { phase: 'Done' } }).join()).toContain('allowed');
    expect(backup?.({ apiVersion: 'velero.io/v1', kind: 'Backup', metadata: { name: 'b' }, spec: { notAField: true } }).join()).toContain('additional');
    expect(validators.get('v1/Status')?.({ kind: 'Status', apiVersion: 'v1', metadata: {}, code: '404' }).join()).toContain('integer');
  });
});

describe('states the conformance walk covers', () => {
  it('include every region fault that changes what a cluster reads back', () => {
    const covered = labStates.map((s) => s.name).join(' ');
    for (const fault of ['nodes-notready', 'workloads-unavailable', 'backup-stale', 'restore-fails']) expect(covered).toContain(fault);
  });
});
