// What every AksPort must do, run against the fake and against the real SDK client on the lab.
import { expect, it } from 'vitest';
import type { AksPort } from '../../../src/core/ports/aks-port.js';

export interface AksHarness {
  port: AksPort;
  clusterId: string;
  missingClusterId: string;
  /** The pool the scale test changes (and puts back). */
  pool: string;
  pollIntervalInMs: number;
  /** Stops the cluster behind the port's back, when the implementation can. */
  stopCluster?: () => void | Promise<void>;
}

export function aksContract(harness: () => AksHarness): void {
  it('reads a running cluster with its agent pools', async () => {
    const { port, clusterId } = harness();
    const cluster = await port.getCluster(clusterId);
    expect(cluster.id.toLowerCase()).toBe(clusterId.toLowerCase());
    expect(cluster).toMatchObject({ provisioningState: 'Succeeded', powerState: 'Running' });
    expect(cluster.location).not.toBe('');
    expect(cluster.kubernetesVersion).toMatch(/^\d+\.\d+/);
    expect(cluster.agentPools.map((p) => p.mode).sort()).toContain('System');
    for (const pool of cluster.agentPools) expect(pool.count).toBeGreaterThanOrEqual(0);
  });

  it('hands out user and admin kubeconfigs as YAML text', async () => {
    const { port, clusterId } = harness();
    for (const kind of ['user', 'admin'] as const) {
      const kubeconfig = await port.getKubeconfig(clusterId, kind);
      expect(kubeconfig).toMatch(/clusters:/);
      expect(kubeconfig).toMatch(/current-context:/);
    }
  });

  it('reports an unknown cluster as NotFound', async () => {
    const { port, missingClusterId } = harness();
    await expect(port.getCluster(missingClusterId)).rejects.toMatchObject({ code: 'NotFound', statusCode: 404 });
  });

  it('scales an agent pool and waits until the operation has finished', async () => {
    const { port, clusterId, pool, pollIntervalInMs } = harness();
    const before = (await port.getCluster(clusterId)).agentPools.find((p) => p.name === pool);
    expect(before).toBeDefined();
    const target = (before?.count ?? 0) + 2;
    const scaled = await port.scaleAgentPool(clusterId, pool, target, { pollIntervalInMs });
    expect(scaled).toMatchObject({ name: pool, count: target, provisioningState: 'Succeeded' });
    expect((await port.getCluster(clusterId)).agentPools.find((p) => p.name === pool)).toMatchObject({ count: target, provisioningState: 'Succeeded' });
    await port.scaleAgentPool(clusterId, pool, before?.count ?? 1, { pollIntervalInMs });
  });

  it('reports scaling an unknown pool as NotFound', async () => {
    const { port, clusterId, pollIntervalInMs } = harness();
    await expect(port.scaleAgentPool(clusterId, 'nosuchpool', 3, { pollIntervalInMs })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('starts a cluster: harmless when it runs, and brings a stopped one back', async () => {
    const { port, clusterId, pollIntervalInMs, stopCluster } = harness();
    await port.startCluster(clusterId, { pollIntervalInMs });
    expect((await port.getCluster(clusterId)).powerState).toBe('Running');
    if (!stopCluster) return;
    await stopCluster();
    expect((await port.getCluster(clusterId)).powerState).toBe('Stopped');
    await port.startCluster(clusterId, { pollIntervalInMs });
    expect(await port.getCluster(clusterId)).toMatchObject({ powerState: 'Running', provisioningState: 'Succeeded' });
  });
}
