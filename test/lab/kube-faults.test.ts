// Region faults as a real client of the lab's API servers sees them, and how healing clears them.
import { AppsV1Api, CoreV1Api, Health } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKubeLab, type KubeLab } from './fixtures/kube-fixture.js';
import { rawRequest, statusOf } from './fixtures/kube-http.js';

let lab: KubeLab;
beforeAll(async () => {
  lab = await startKubeLab();
});
afterAll(async () => {
  await lab.close();
});
afterEach(() => {
  lab.ctx.faults.heal();
});

function readyConditions(nodes: { status?: { conditions?: { type: string; status: string; reason?: string }[] } }[]): string[] {
  return nodes.map((n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'missing');
}

describe('region faults on the API server', () => {
  // region-down's own default is blackhole (test/lab/dead-modes.test.ts); here the quick deaths.
  for (const [kind, mode] of [['region-down', 'reset'], ['region-down', 'refused'], ['apiserver-down', undefined]] as const) {
    it(`${kind}${mode ? ` (${mode})` : ''}: every request, readyz included, has its connection reset until healed`, async () => {
      const kc = lab.kubeConfig(lab.primary);
      lab.ctx.faults.inject(lab.primary.region, kind, mode ? { mode } : {});
      await expect(new Health(kc).readyz({})).rejects.toThrow('Error occurred in health request');
      await expect(kc.makeApiClient(CoreV1Api).listNode()).rejects.toThrow();
      // The other region is untouched.
      expect(await new Health(lab.kubeConfig(lab.secondary)).readyz({})).toBe(true);

      lab.ctx.faults.heal(lab.primary.region);
      expect(await new Health(kc).readyz({})).toBe(true);
    });
  }

  it('apiserver-slow: answers, but only after the injected latency', async () => {
    lab.ctx.faults.inject(lab.primary.region, 'apiserver-slow', { latencyMs: 300 });
    const started = performance.now();
    expect(await new Health(lab.kubeConfig(lab.primary)).readyz({})).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);

    // Healed, a request is answered at once: with 10 minutes of latency still in force it would not
    // finish within the test's timeout.
    lab.ctx.faults.inject(lab.primary.region, 'apiserver-slow', { latencyMs: 600_000 });
    lab.ctx.faults.heal();
    expect((await lab.kubeConfig(lab.primary).makeApiClient(CoreV1Api).listNode()).items.length).toBeGreaterThan(0);
  });

  it('flaky: failed requests answer 503 ServiceUnavailable and readyz 500 with a failing check', async () => {
    lab.ctx.faults.inject(lab.primary.region, 'flaky', { rate: 1 });
    expect(await statusOf(lab.kubeConfig(lab.primary).makeApiClient(CoreV1Api).listNode())).toMatchObject({ reason: 'ServiceUnavailable', code: 503 });
    expect(await new Health(lab.kubeConfig(lab.primary)).readyz({})).toBe(false);
    const readyz = await rawRequest(lab, lab.primary, '/readyz');
    expect(readyz.status).toBe(500);
    expect(readyz.text).toContain('[-]etcd failed: reason withheld');
    expect(readyz.text).toContain('readyz check failed');
  });

  it('flaky at a partial rate fails some requests and not others', async () => {
    lab.ctx.faults.inject(lab.primary.region, 'flaky', { rate: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 30 }, () => rawRequest(lab, lab.primary, '/api/v1/namespaces').then((r) => r.status)));
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
  });
});

describe('region faults on what objects read back', () => {
  it('nodes-notready: nodes read back NotReady (NodeStatusUnknown), the store keeps the truth, heal restores', async () => {
    const core = lab.kubeConfig(lab.primary).makeApiClient(CoreV1Api);
    lab.ctx.faults.inject(lab.primary.region, 'nodes-notready');
    const nodes = (await core.listNode()).items;
    expect(readyConditions(nodes)).toEqual(nodes.map(() => 'Unknown'));
    const ready = nodes[0]?.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(nodes[0]?.spec?.taints?.map((t) => t.key)).toContain('node.kubernetes.io/unreachable');
    // Another region is unaffected.
    expect(readyConditions((await lab.kubeConfig(lab.secondary).makeApiClient(CoreV1Api).listNode()).items).every((s) => s === 'True')).toBe(true);

    lab.ctx.faults.heal();
    expect(readyConditions((await core.listNode()).items).every((s) => s === 'True')).toBe(true);
  });

  it('workloads-unavailable: app deployments report no available replicas until healed', async () => {
    const apps = lab.kubeConfig(lab.primary).makeApiClient(AppsV1Api);
    lab.ctx.faults.inject(lab.primary.region, 'workloads-unavailable');
    const frontend = await apps.readNamespacedDeployment({ namespace: 'shop', name: 'frontend' });
    expect(frontend.status).toMatchObject({ availableReplicas: 0, readyReplicas: 0, unavailableReplicas: 3 });
    expect(frontend.status?.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    const listed = await apps.listDeploymentForAllNamespaces();
    expect(listed.items.every((d) => d.status?.availableReplicas === 0)).toBe(true);

    lab.ctx.faults.heal();
    expect((await apps.readNamespacedDeployment({ namespace: 'shop', name: 'frontend' })).status?.availableReplicas).toBe(3);
  });

  it('a stopped cluster has no API server to answer', async () => {
    lab.secondary.powerState = 'Stopped';
    try {
      await expect(new Health(lab.kubeConfig(lab.secondary)).readyz({})).rejects.toThrow();
    } finally {
      lab.secondary.powerState = 'Running';
    }
  });
});
