import { describe, expect, it } from 'vitest';
import { restoreBody } from '../../src/kube/velero-client.js';

describe("a Velero Restore with a namespace mapping (a restore test's scratch namespaces)", () => {
  it('carries spec.namespaceMapping beside includedNamespaces, as Velero reads it', () => {
    const body = restoreBody({ name: 'shop-drill-restore-test-20261201t000000z', backupName: 'shop-hourly-1', includedNamespaces: ['shop'], namespaceMapping: { shop: 'shop-drill-20261201t000000z' }, restorePVs: true, existingResourcePolicy: 'none' }, 'velero');
    expect(body).toMatchObject({
      apiVersion: 'velero.io/v1',
      kind: 'Restore',
      metadata: { name: 'shop-drill-restore-test-20261201t000000z', namespace: 'velero' },
      spec: { backupName: 'shop-hourly-1', includedNamespaces: ['shop'], namespaceMapping: { shop: 'shop-drill-20261201t000000z' }, restorePVs: true },
    });
  });

  it('leaves it out when there is none (a failover restores in place)', () => {
    expect((restoreBody({ name: 'r', scheduleName: 's' }, 'velero').spec as Record<string, unknown>).namespaceMapping).toBeUndefined();
  });
});
