// Runbook: the controller keeps its state in Azure Blob Storage (Azurite here), so it can run from
// any machine: a failover from the CLI writes the engine document, the step journal and the audit
// trail as blobs, and `aksdr history` reads them back from there — nothing lands on local disk.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labEnvironment } from '../../src/lab/lab-files.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { startAzurite, type RunningAzurite } from '../fixtures/azurite.js';
import { runAksdr } from '../fixtures/cli.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { labEndpoints } from './support/lab-engine.js';

let lab: Lab;
let azurite: RunningAzurite;
let temp: Awaited<ReturnType<typeof withTempDir>>;
beforeAll(async () => {
  temp = await withTempDir('aksdr-blob-e2e-');
  [lab, azurite] = await Promise.all([startLab({ dir: path.join(temp.dir, 'lab'), seed: 5, timing: { armOperationMs: 300, restoreStepMs: 1_000 }, tickIntervalMs: 50 }), startAzurite()]);
});
afterAll(async () => {
  await Promise.all([lab?.stop(), azurite?.stop()]);
  await temp?.cleanup();
});

describe('engine state in Azure Blob Storage', () => {
  it('a CLI failover journals and audits into blobs, and history reads them back', { timeout: 120_000 }, async () => {
    const localStateDir = path.join(temp.dir, 'local-state');
    const env = { ...labEnvironment(lab.info), AKSDR_STATE_DIR: localStateDir, AKSDR_STATE_CONNECTION_STRING: azurite.connectionString, AKSDR_STATE_CONTAINER: 'aksdr-e2e' };
    const policyFile = lab.info.policyFile ?? '';

    const failover = await runAksdr(['failover', policyFile, '--to', 'northeurope', '--yes', '--reason', 'blob state drill'], env);
    if (failover.code !== 0) console.error(failover.stdout, failover.stderr);
    expect(failover.code).toBe(0);
    expect(labEndpoints(lab).northeurope).toEqual({ status: 'Enabled', weight: 1000 });

    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('aksdr-e2e');
    const blobs: string[] = [];
    for await (const blob of container.listBlobsFlat()) blobs.push(blob.name);
    expect(blobs).toEqual(expect.arrayContaining(['shop.json', 'shop.journal.jsonl', 'shop.audit.jsonl', 'deployments-memory.json']));
    expect(existsSync(localStateDir)).toBe(false);

    const history = await runAksdr(['history', policyFile, '--output', 'json'], env);
    expect(history.code).toBe(0);
    const { records } = JSON.parse(history.stdout) as { records: { kind: string; summary: string }[] };
    expect(records.some((r) => r.kind === 'action' && /shop-failover-northeurope-\d{8}T\d{6}Z succeeded/.test(r.summary))).toBe(true);
  });
});
