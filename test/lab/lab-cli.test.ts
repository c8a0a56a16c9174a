import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../src/lab/lab-files.js';
import type { LabState } from '../../src/lab/lab-state.js';
import { firstLine, runAksdr, spawnAksdr } from '../fixtures/cli.js';
import { withTempDir } from '../fixtures/temp-dir.js';

describe('aksdr lab (command line)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let child: ReturnType<typeof spawnAksdr>;
  let info: LabInfo;

  beforeAll(async () => {
    ({ dir, cleanup } = await withTempDir());
    child = spawnAksdr(['lab', 'up', '--regions', 'eastus,westus', '--clients', '5', '--dir', dir, '--output', 'json']);
    info = JSON.parse(await firstLine(child)) as LabInfo;
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await cleanup();
  });

  it('lab up --output json prints lab.json on one line once the lab is ready', () => {
    expect(Object.keys(info.clusters)).toEqual(['eastus', 'westus']);
    expect(info.dir).toBe(dir);
    expect(existsSync(info.caFile)).toBe(true);
    expect(existsSync(info.clusters.eastus?.kubeconfig ?? '')).toBe(true);
  });

  it("lab up runs at Azure's pace compressed ten times unless told otherwise, and lab.json says so", () => {
    expect(info.pace).toEqual({ pace: 'azure', timeScale: 10 });
  });

  it('lab fail takes the recovery failure modes: restore-hangs and backup-storage-unavailable', async () => {
    expect((await runAksdr(['lab', 'fail', 'westus', 'restore-hangs', '--dir', dir])).stdout).toContain('injected restore-hangs in westus');
    expect((await runAksdr(['lab', 'fail', 'westus', 'backup-storage-unavailable', '--dir', dir])).stdout).toContain('injected backup-storage-unavailable in westus');
    const state = JSON.parse((await runAksdr(['lab', 'show', '--dir', dir, '--output', 'json'])).stdout) as LabState;
    expect(state.faults.map((f) => f.kind)).toEqual(['restore-hangs', 'backup-storage-unavailable']);
    await runAksdr(['lab', 'heal', '--dir', dir]);
  });

  it('lab fail, show and heal drive the running lab', async () => {
    const failed = await runAksdr(['lab', 'fail', 'westus', 'flaky', '--rate', '0.25', '--dir', dir]);
    expect(failed).toMatchObject({ code: 0 });
    expect(failed.stdout).toContain('injected flaky in westus at rate 0.25');

    const shown = await runAksdr(['lab', 'show', '--dir', dir, '--output', 'json']);
    expect(shown.code).toBe(0);
    const state = JSON.parse(shown.stdout) as LabState;
    expect(state.faults).toMatchObject([{ region: 'westus', kind: 'flaky', rate: 0.25 }]);

    const table = await runAksdr(['lab', 'show', '--dir', dir]);
    expect(table.stdout).toMatch(/ENDPOINT\s+REGION\s+STATUS\s+WEIGHT/);
    expect(table.stdout).toContain('Faults: flaky@westus (rate 0.25)');

    const healed = await runAksdr(['lab', 'heal', '--dir', dir]);
    expect(healed.stdout).toContain('healed flaky@westus');
  });

  it('lab up --clients: the users resolve through the lab DNS and lab show says where they went', async () => {
    expect(info.dns).toEqual({ server: expect.stringMatching(/^127\.0\.0\.1:\d+$/) as unknown, fqdn: 'aksdr-shop.trafficmanager.net' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const state = JSON.parse((await runAksdr(['lab', 'show', '--dir', dir, '--output', 'json'])).stdout) as LabState;
    expect(state.clients).toMatchObject({ clients: 5, windowSeconds: 30, failedShare: 0 });
    expect(state.clients?.requests).toBeGreaterThan(0);
    expect(state.trafficManager.endpoints.map((e) => e.monitorStatus)).toEqual(['Online', 'Online']);
    const table = await runAksdr(['lab', 'show', '--dir', dir]);
    expect(table.stdout).toContain("Traffic Manager's monitor: ep-eus Online, ep-wus Online");
    expect(table.stdout).toMatch(/Clients \(5, last 30 s, \d+ requests\): eastus \d+ %/);
  });

  it('lab fail --mode chooses how a dead endpoint looks', async () => {
    const failed = await runAksdr(['lab', 'fail', 'westus', 'region-down', '--mode', 'reset', '--dir', dir]);
    expect(failed.stdout).toContain('injected region-down in westus (reset)');
    const blackholed = await runAksdr(['lab', 'fail', 'westus', 'region-down', '--dir', dir]);
    expect(blackholed.stdout).toContain('injected region-down in westus (blackhole)');
    const bad = await runAksdr(['lab', 'fail', 'westus', 'region-down', '--mode', 'vanish', '--dir', dir]);
    expect(bad.code).toBe(2);
    await runAksdr(['lab', 'heal', '--dir', dir]);
  });

  it('rejects an unknown fault or region with a usage error and no stack trace', async () => {
    const unknownFault = await runAksdr(['lab', 'fail', 'westus', 'meteor', '--dir', dir]);
    expect(unknownFault.code).toBe(2);
    expect(unknownFault.stderr).toContain("unknown fault 'meteor'");
    const unknownRegion = await runAksdr(['lab', 'fail', 'mars', 'app-5xx', '--dir', dir]);
    expect(unknownRegion.code).toBe(2);
    expect(unknownRegion.stderr).toContain("unknown region 'mars'");
    const badRate = await runAksdr(['lab', 'fail', 'westus', 'flaky', '--rate', '7', '--dir', dir]);
    expect(badRate.code).toBe(2);
    expect(`${unknownFault.stderr}${unknownRegion.stderr}${badRate.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('tells the user how to start a lab when none runs in the folder', async () => {
    const { dir: empty, cleanup: done } = await withTempDir();
    const result = await runAksdr(['lab', 'show', '--dir', empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("start one with 'aksdr lab up");
    await done();
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(0);
    expect(existsSync(`${dir}/pid`)).toBe(false);
  });
});
