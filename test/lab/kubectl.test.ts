// The real kubectl (v1.32) against the lab's API servers: discovery, Table printing, and
// `create -f` with default (strict) validation, which needs the OpenAPI v3 documents.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterState } from '../../src/lab/world/world.js';
import { startKubeLab, testTiming, type KubeLab } from './fixtures/kube-fixture.js';

const kubectlPath = process.env.AKSDR_KUBECTL ?? '/usr/bin/kubectl';
const haveKubectl = existsSync(kubectlPath);
const requireKubectl = process.env.AKSDR_REQUIRE_KUBECTL === '1';
const run = promisify(execFile);

if (!haveKubectl && requireKubectl) {
  describe('kubectl', () => {
    it('is installed (AKSDR_REQUIRE_KUBECTL=1)', () => {
      expect.fail(`kubectl not found at ${kubectlPath}; install kubectl v1.32 or point AKSDR_KUBECTL at it`);
    });
  });
}

describe.skipIf(!haveKubectl)(haveKubectl ? 'kubectl against the lab' : `kubectl against the lab (skipped: ${kubectlPath} not found; AKSDR_REQUIRE_KUBECTL=1 makes this a failure)`, () => {
  let lab: KubeLab;
  let home: string;

  beforeAll(async () => {
    lab = await startKubeLab({ spec: { standby: 'cold' } });
    home = await mkdtemp(path.join(lab.dir, 'home-'));
  });
  afterAll(async () => {
    await lab.close();
  });

  interface KubectlResult {
    code: number;
    stdout: string;
    stderr: string;
  }

  async function kubectl(cluster: ClusterState, ...args: string[]): Promise<KubectlResult> {
    // A private HOME and cache dir per lab: kubectl caches discovery under ~/.kube/cache.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECACHEDIR: path.join(home, 'cache') };
    try {
      const { stdout, stderr } = await run(kubectlPath, ['--kubeconfig', lab.kubeconfigPath(cluster), '--request-timeout=10s', ...args], { env, timeout: 15_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  function table(stdout: string): string[][] {
    return stdout
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s{2,}/));
  }

  it('get nodes prints the node columns, every node Ready', async () => {
    const result = await kubectl(lab.secondary, 'get', 'nodes');
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = table(result.stdout);
    expect(header).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.slice(1, 3).concat(row[4] ?? '')).toEqual(['Ready', '<none>', 'v1.32.4']);
  });

  it('get deployments -A lists the primary\'s app deployments with their namespace', async () => {
    const result = await kubectl(lab.primary, 'get', 'deployments', '-A');
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = table(result.stdout);
    expect(header).toEqual(['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ['shop', 'cart', '3/3', '3', '3'],
      ['shop', 'frontend', '3/3', '3', '3'],
    ]);
  });

  it('get backups and bsl in the standby show the synced backups and an Available location', async () => {
    const backups = await kubectl(lab.secondary, 'get', 'backups.velero.io', '-n', 'velero');
    expect(backups.code, backups.stderr).toBe(0);
    expect(table(backups.stdout).slice(1).map((r) => r[0])).toHaveLength(3);
    const bsl = await kubectl(lab.secondary, 'get', 'bsl', '-n', 'velero');
    expect(table(bsl.stdout)[0]).toEqual(['NAME', 'PHASE', 'LAST VALIDATED', 'AGE', 'DEFAULT']);
    expect(table(bsl.stdout)[1]?.slice(0, 2)).toEqual(['default', 'Available']);
  });

  it('create -f restore.yaml is validated and accepted; the restore completes and its deployments appear', async () => {
    const manifest = path.join(lab.dir, 'restore.yaml');
    await writeFile(
      manifest,
      ['apiVersion: velero.io/v1', 'kind: Restore', 'metadata:', '  name: failover-1', '  namespace: velero', 'spec:', '  scheduleName: shop-hourly', '  backupName: ""', ''].join('\n'),
    );
    const created = await kubectl(lab.secondary, 'create', '-f', manifest);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toBe('restore.velero.io/failover-1 created');

    const listed = await kubectl(lab.secondary, 'get', 'restores.velero.io', '-n', 'velero');
    expect(table(listed.stdout)).toEqual([
      ['NAME', 'AGE'],
      ['failover-1', '0s'],
    ]);

    lab.advance(2 * testTiming.restoreStepMs);
    const json = await kubectl(lab.secondary, 'get', 'restore', 'failover-1', '-n', 'velero', '-o', 'json');
    expect(json.code, json.stderr).toBe(0);
    const restore = JSON.parse(json.stdout) as { spec: { backupName: string }; status: { phase: string; progress: { itemsRestored: number } } };
    expect(restore.status.phase).toBe('Completed');
    expect(restore.spec.backupName).toMatch(/^shop-hourly-\d{14}$/);
    expect(restore.status.progress.itemsRestored).toBe(3);

    const deployments = await kubectl(lab.secondary, 'get', 'deployments', '-n', 'shop');
    expect(table(deployments.stdout).slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['cart', '3/3'],
      ['frontend', '3/3'],
    ]);
  });

  it('a second create of the same restore fails with AlreadyExists, a missing one with NotFound', async () => {
    const manifest = path.join(lab.dir, 'restore.yaml');
    const again = await kubectl(lab.secondary, 'create', '-f', manifest);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('AlreadyExists');
    const missing = await kubectl(lab.secondary, 'get', 'restore', 'nope', '-n', 'velero');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('restores.velero.io "nope" not found');
  });

  it('get --raw reaches the cluster although kubectl drops the server path prefix', async () => {
    const result = await kubectl(lab.primary, 'get', '--raw', '/readyz?verbose');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('[+]etcd ok');
    expect(result.stdout.trim().endsWith('readyz check passed')).toBe(true);
  });

  it('scale and label change a deployment through the scale subresource and a patch', async () => {
    expect((await kubectl(lab.primary, 'scale', 'deployment', 'frontend', '-n', 'shop', '--replicas=2')).stdout.trim()).toBe('deployment.apps/frontend scaled');
    expect((await kubectl(lab.primary, 'label', 'deployment', 'frontend', '-n', 'shop', 'tier=web')).stdout.trim()).toBe('deployment.apps/frontend labeled');
    const frontend = JSON.parse((await kubectl(lab.primary, 'get', 'deployment', 'frontend', '-n', 'shop', '-o', 'json')).stdout) as { metadata: { labels: Record<string, string> }; status: { availableReplicas: number } };
    expect(frontend.metadata.labels.tier).toBe('web');
    expect(frontend.status.availableReplicas).toBe(2);
  });

  it('a wrong token is refused', async () => {
    const result = await kubectl(lab.secondary, 'get', 'nodes', '--token', 'not-the-token');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unauthorized|must be logged in/);
  });
});
