// What every KubernetesPort must do, run against the fake and against client-node on the lab.
import { expect, it } from 'vitest';
import { isAdapterError } from '../../../src/core/ports/adapter-error.js';
import type { KubernetesPort } from '../../../src/core/ports/kubernetes-port.js';

export interface KubernetesHarness {
  port: KubernetesPort;
  namespace: string;
  deployments: string[];
  apiServerDown: () => void | Promise<void>;
  apiServerSlow: (latencyInMs: number) => void | Promise<void>;
  nodesNotReady: () => void | Promise<void>;
  /** Undo every fault; waits until the port talks to the server again. */
  heal: () => void | Promise<void>;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

export function kubernetesContract(harness: () => KubernetesHarness): void {
  it('answers readyz with ok', async () => {
    expect(await harness().port.readyz()).toMatchObject({ ok: true });
  });

  it('lists ready nodes with their agent pool', async () => {
    const nodes = await harness().port.listNodes();
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.ready).toBe(true);
      expect(node.reason).toBeUndefined();
      expect(node.pool).toBeTruthy();
    }
  });

  it('reads the named deployments with replicas, availability and images; an unknown name is left out', async () => {
    const { port, namespace, deployments } = harness();
    const found = await port.getDeployments(namespace, [...deployments, 'no-such-deployment']);
    expect(found.map((d) => d.name).sort()).toEqual([...deployments].sort());
    for (const d of found) {
      expect(d.namespace).toBe(namespace);
      expect(d.replicas).toBeGreaterThan(0);
      expect(d.available).toBe(d.replicas);
      expect(d.ready).toBe(d.replicas);
      expect(d.images.length).toBeGreaterThan(0);
      expect(d.conditions.find((c) => c.type === 'Available')?.status).toBe('True');
    }
    expect(await port.getDeployments('no-such-namespace')).toEqual([]);
    expect((await port.listDeployments([namespace])).map((d) => d.name).sort()).toEqual([...deployments].sort());
  });

  it('scales a deployment through its scale subresource, says what it was, and leaves an unchanged one alone', async () => {
    const { port, namespace, deployments } = harness();
    const name = deployments[0] ?? '';
    const [initial] = await port.getDeployments(namespace, [name]);
    const was = initial?.replicas ?? 0;
    try {
      expect(await port.scaleDeployment(namespace, name, was + 2)).toEqual({ before: was, after: was + 2 });
      expect((await port.getDeployments(namespace, [name]))[0]?.replicas).toBe(was + 2);
      expect(await port.scaleDeployment(namespace, name, was + 2)).toEqual({ before: was + 2, after: was + 2 });
    } finally {
      await port.scaleDeployment(namespace, name, was);
    }
    const missing = await failure(port.scaleDeployment(namespace, 'no-such-deployment', 3));
    expect(isAdapterError(missing) && missing.code).toBe('NotFound');
  });

  it('shows NotReady nodes with a reason', async () => {
    const { port, nodesNotReady, heal } = harness();
    await nodesNotReady();
    try {
      const nodes = await port.listNodes();
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) {
        expect(node.ready).toBe(false);
        expect(node.reason).toBeTruthy();
      }
    } finally {
      await heal();
    }
    expect((await port.listNodes()).every((n) => n.ready)).toBe(true);
  });

  it('reports an unreachable API server as Unavailable', async () => {
    const { port, apiServerDown, heal } = harness();
    await apiServerDown();
    try {
      for (const call of [port.readyz({ timeoutInMs: 2_000 }), port.listNodes({ timeoutInMs: 2_000 })]) {
        const error = await failure(call);
        expect(isAdapterError(error) && error.code).toBe('Unavailable');
      }
    } finally {
      await heal();
    }
    expect(await port.readyz()).toMatchObject({ ok: true });
  });

  it('gives up on a slow API server with Timeout, bounded by the timeout', async () => {
    const { port, apiServerSlow, heal } = harness();
    // It would answer in 10 minutes: a call that waited would not finish within the test's timeout.
    await apiServerSlow(600_000);
    try {
      const started = performance.now();
      const error = await failure(port.readyz({ timeoutInMs: 300 }));
      const elapsed = performance.now() - started;
      expect(isAdapterError(error) && error.code).toBe('Timeout');
      // Not before the timeout either: timers never fire early.
      expect(elapsed).toBeGreaterThanOrEqual(250);
      const aborted = await failure(port.listNodes({ abortSignal: AbortSignal.timeout(300) }));
      expect(isAdapterError(aborted) && aborted.code).toMatch(/^(Timeout|Unavailable)$/);
    } finally {
      await heal();
    }
  });

  it('passes a caller cancellation through as an AbortError, not as a remote failure', async () => {
    const error = await failure(harness().port.listNodes({ abortSignal: AbortSignal.abort() }));
    expect(isAdapterError(error)).toBe(false);
    expect((error as Error).name).toBe('AbortError');
  });
}
