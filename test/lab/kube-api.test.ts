// Contract tests of the lab's Kubernetes API servers with the real @kubernetes/client-node:
// what a controller reads and writes round-trips, errors come back as Status objects.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, Health, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeLab, type KubeLab } from './fixtures/kube-fixture.js';
import { rawRequest, statusOf } from './fixtures/kube-http.js';

let lab: KubeLab;
beforeAll(async () => {
  lab = await startKubeLab();
});
afterAll(async () => {
  await lab.close();
});

const velero = { group: 'velero.io', version: 'v1', namespace: 'velero' };

function restoreBody(name: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name, labels }, spec: { scheduleName: 'shop-hourly', backupName: '' } };
}

describe('reading a cluster with the user kubeconfig', () => {
  it('answers readyz and livez as healthy', async () => {
    const health = new Health(lab.kubeConfig(lab.primary));
    expect(await health.readyz({})).toBe(true);
    expect(await health.livez({})).toBe(true);
  });

  it('lists the nodes of every agent pool, Ready', async () => {
    const core = lab.kubeConfig(lab.primary).makeApiClient(CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.kind).toBe('NodeList');
    expect(nodes.items).toHaveLength(5); // 2 system + 3 user in the primary
    for (const node of nodes.items) expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const user = await core.listNode({ labelSelector: 'kubernetes.azure.com/agentpool=user' });
    expect(user.items).toHaveLength(3);
  });

  it('lists namespaces including velero and the app namespace', async () => {
    const namespaces = await lab.kubeConfig(lab.primary).makeApiClient(CoreV1Api).listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system', 'velero', 'shop']));
  });

  it('reads the app deployments, fully available, in one namespace and across all', async () => {
    const apps = lab.kubeConfig(lab.primary).makeApiClient(AppsV1Api);
    const list = await apps.listNamespacedDeployment({ namespace: 'shop' });
    expect(list.items.map((d) => d.metadata?.name)).toEqual(['cart', 'frontend']);
    const frontend = await apps.readNamespacedDeployment({ namespace: 'shop', name: 'frontend' });
    expect(frontend.status?.availableReplicas).toBe(3);
    expect(frontend.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const all = await apps.listDeploymentForAllNamespaces();
    expect(all.items.every((d) => d.metadata?.namespace === 'shop')).toBe(true);
    expect(all.items).toHaveLength(2);
  });

  it('filters lists by field selector and pages them with limit/continue', async () => {
    const core = lab.kubeConfig(lab.primary).makeApiClient(CoreV1Api);
    const one = await core.listNamespace({ fieldSelector: 'metadata.name=velero' });
    expect(one.items.map((n) => n.metadata?.name)).toEqual(['velero']);
    const first = await core.listNode({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.metadata?._continue).toBeTruthy();
    const rest = await core.listNode({ limit: 10, _continue: first.metadata?._continue });
    expect(rest.items).toHaveLength(3);
    expect(rest.metadata?._continue).toBeFalsy();
  });
});

describe('writing deployments', () => {
  it('creates, scales, patches, replaces and deletes a deployment, settling its status at once', async () => {
    const apps = lab.kubeConfig(lab.secondary, 'admin').makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'probe' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'probe' } }, template: { metadata: { labels: { app: 'probe' } }, spec: { containers: [{ name: 'probe', image: 'busybox' }] } } },
      },
    });
    expect(created.metadata?.namespace).toBe('default');
    expect(created.metadata?.generation).toBe(1);
    expect(created.status?.availableReplicas).toBe(1);

    const scale = await apps.readNamespacedDeploymentScale({ namespace: 'default', name: 'probe' });
    expect(scale.spec?.replicas).toBe(1);
    await apps.replaceNamespacedDeploymentScale({ namespace: 'default', name: 'probe', body: { ...scale, spec: { replicas: 4 } } });
    const scaled = await apps.readNamespacedDeployment({ namespace: 'default', name: 'probe' });
    expect(scaled.status?.readyReplicas).toBe(4);
    expect(scaled.metadata?.generation).toBe(2);

    // client-node sends JSON patches (RFC 6902) unless told otherwise.
    await apps.patchNamespacedDeployment({ namespace: 'default', name: 'probe', body: [{ op: 'add', path: '/metadata/labels', value: { app: 'probe', tier: 'test' } }] });
    const patched = await apps.patchNamespacedDeployment(
      { namespace: 'default', name: 'probe', body: { metadata: { labels: { owner: 'drill' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels).toEqual({ app: 'probe', tier: 'test', owner: 'drill' });
    expect(patched.metadata?.generation).toBe(2);
    const failedTest = await statusOf(apps.patchNamespacedDeployment({ namespace: 'default', name: 'probe', body: [{ op: 'test', path: '/spec/replicas', value: 99 }] }));
    expect(failedTest).toMatchObject({ reason: 'Invalid', code: 422 });

    const replaced = await apps.replaceNamespacedDeployment({ namespace: 'default', name: 'probe', body: { ...patched, spec: { ...patched.spec!, replicas: 2 } } });
    expect(replaced.status?.availableReplicas).toBe(2);

    const stale = await statusOf(apps.replaceNamespacedDeployment({ namespace: 'default', name: 'probe', body: patched }));
    expect(stale).toMatchObject({ reason: 'Conflict', code: 409 });

    await apps.deleteNamespacedDeployment({ namespace: 'default', name: 'probe' });
    expect(await statusOf(apps.readNamespacedDeployment({ namespace: 'default', name: 'probe' }))).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
      message: 'deployments.apps "probe" not found',
    });
  });

  it('refuses an invalid deployment with every problem listed', async () => {
    const apps = lab.kubeConfig(lab.secondary).makeApiClient(AppsV1Api);
    const status = await statusOf(
      apps.createNamespacedDeployment({ namespace: 'default', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'broken' }, spec: { replicas: -1, selector: { matchLabels: {} }, template: {} } } }),
    );
    expect(status).toMatchObject({ reason: 'Invalid', code: 422 });
    expect(status.message).toContain('spec.replicas');
    expect(status.message).toContain('spec.template.spec.containers');
  });

  it('refuses to create in a namespace that does not exist, and lists it as empty', async () => {
    const apps = lab.kubeConfig(lab.secondary).makeApiClient(AppsV1Api);
    const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } };
    expect(await statusOf(apps.createNamespacedDeployment({ namespace: 'nope', body }))).toMatchObject({ reason: 'NotFound', code: 404, message: 'namespaces "nope" not found' });
    expect((await apps.listNamespacedDeployment({ namespace: 'nope' })).items).toEqual([]);
  });
});

describe('Velero custom objects', () => {
  it('creates, gets, lists by label and deletes a Restore', async () => {
    const custom = lab.kubeConfig(lab.secondary).makeApiClient(CustomObjectsApi);
    const created = (await custom.createNamespacedCustomObject({ ...velero, plural: 'restores', body: restoreBody('api-roundtrip', { purpose: 'drill' }) })) as { metadata: { namespace: string; uid: string } };
    expect(created.metadata.namespace).toBe('velero');
    expect(created.metadata.uid).toBeTruthy();
    const read = (await custom.getNamespacedCustomObject({ ...velero, plural: 'restores', name: 'api-roundtrip' })) as { spec: { scheduleName: string } };
    expect(read.spec.scheduleName).toBe('shop-hourly');

    const byLabel = (await custom.listNamespacedCustomObject({ ...velero, plural: 'restores', labelSelector: 'purpose in (drill,test),!absent' })) as { kind: string; items: unknown[] };
    expect(byLabel.kind).toBe('RestoreList');
    expect(byLabel.items).toHaveLength(1);
    const none = (await custom.listNamespacedCustomObject({ ...velero, plural: 'restores', labelSelector: 'purpose!=drill' })) as { items: unknown[] };
    expect(none.items).toHaveLength(0);

    await custom.deleteNamespacedCustomObject({ ...velero, plural: 'restores', name: 'api-roundtrip' });
    expect(await statusOf(custom.getNamespacedCustomObject({ ...velero, plural: 'restores', name: 'api-roundtrip' }))).toMatchObject({
      reason: 'NotFound',
      message: 'restores.velero.io "api-roundtrip" not found',
    });
  });

  it('refuses a second object of the same name with AlreadyExists', async () => {
    const custom = lab.kubeConfig(lab.secondary).makeApiClient(CustomObjectsApi);
    await custom.createNamespacedCustomObject({ ...velero, plural: 'restores', body: restoreBody('twice') });
    expect(await statusOf(custom.createNamespacedCustomObject({ ...velero, plural: 'restores', body: restoreBody('twice') }))).toMatchObject({ reason: 'AlreadyExists', code: 409 });
  });

  it('refuses a body whose kind does not match the path with BadRequest', async () => {
    const custom = lab.kubeConfig(lab.secondary).makeApiClient(CustomObjectsApi);
    const body = { ...restoreBody('wrong-kind'), kind: 'Backup' };
    expect(await statusOf(custom.createNamespacedCustomObject({ ...velero, plural: 'restores', body }))).toMatchObject({ reason: 'BadRequest', code: 400 });
  });

  it('lists the seeded backups of the schedule in both clusters, newest last by name', async () => {
    for (const cluster of [lab.primary, lab.secondary]) {
      const custom = lab.kubeConfig(cluster).makeApiClient(CustomObjectsApi);
      const list = (await custom.listNamespacedCustomObject({ ...velero, plural: 'backups', labelSelector: 'velero.io/schedule-name=shop-hourly' })) as {
        items: { metadata: { name: string }; status: { phase: string } }[];
      };
      expect(list.items).toHaveLength(3);
      expect(list.items.every((b) => b.status.phase === 'Completed' && /^shop-hourly-\d{14}$/.test(b.metadata.name))).toBe(true);
    }
  });
});

describe('authentication and protocol edges', () => {
  it('refuses requests without a token (401 Status) but serves readyz and version anonymously', async () => {
    const noToken = await rawRequest(lab, lab.primary, '/api/v1/nodes', { token: null });
    expect(noToken.status).toBe(401);
    expect(noToken.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await rawRequest(lab, lab.primary, '/readyz', { token: null })).text).toBe('ok');
    expect((await rawRequest(lab, lab.primary, '/version', { token: null })).json()).toMatchObject({ gitVersion: 'v1.32.4' });
  });

  it('refuses a wrong token, and one cluster\'s token on the other cluster', async () => {
    expect((await rawRequest(lab, lab.primary, '/api/v1/nodes', { token: 'nope' })).status).toBe(401);
    expect((await rawRequest(lab, lab.primary, '/readyz', { token: 'nope' })).status).toBe(401);
    expect((await rawRequest(lab, lab.primary, '/api/v1/nodes', { token: lab.secondary.userToken })).status).toBe(401);
  });

  it('answers malformed JSON with BadRequest and a watch with MethodNotAllowed', async () => {
    const malformed = await rawRequest(lab, lab.primary, '/apis/velero.io/v1/namespaces/velero/restores', { method: 'POST', body: '{"kind":' });
    expect(malformed.json()).toMatchObject({ reason: 'BadRequest', code: 400 });
    const watch = await rawRequest(lab, lab.primary, '/api/v1/nodes?watch=true');
    expect(watch.json()).toMatchObject({ reason: 'MethodNotAllowed', code: 405 });
    const unknown = await rawRequest(lab, lab.primary, '/apis/batch/v1/jobs');
    expect(unknown.json()).toMatchObject({ reason: 'NotFound', code: 404 });
  });

  it('answers a Table when kubectl asks for one', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const table = (await rawRequest(lab, lab.primary, '/apis/apps/v1/deployments', { headers: { accept } })).json() as {
      kind: string;
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[]; object: { metadata: { namespace: string } } }[];
    };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
    expect(table.rows[0]?.cells.slice(0, 4)).toEqual(['cart', '3/3', 3, 3]);
    expect(table.rows[0]?.object.metadata.namespace).toBe('shop');
  });

  it('serves readyz?verbose with the check list', async () => {
    const verbose = await rawRequest(lab, lab.primary, '/readyz?verbose', { token: null });
    expect(verbose.status).toBe(200);
    expect(verbose.text).toContain('[+]etcd ok');
    expect(verbose.text.trim().endsWith('readyz check passed')).toBe(true);
  });
});
