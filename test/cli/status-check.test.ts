// `aksdr status` and `aksdr check` against the lab: exit codes 0 / 1 / 2, tables and JSON, Azure
// DevOps annotations. In-process through commander (fast), plus one real process for the wiring.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCheckCommand } from '../../src/cli/commands/check.js';
import { registerStatusCommand } from '../../src/cli/commands/status.js';
import { isExitError } from '../../src/cli/exit-error.js';
import type { CommandIo } from '../../src/cli/output/command-io.js';
import type { ReadinessDocument } from '../../src/cli/output/readiness-output.js';
import type { StatusDocument } from '../../src/cli/output/status-output.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { initialDocument } from '../../src/engine/engine-document.js';
import { loadPolicies } from '../../src/policy/index.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { labEnv } from '../app/fixtures/lab-world.js';
import { runAksdr } from '../fixtures/cli.js';
import { withTempDir } from '../fixtures/temp-dir.js';

let lab: Lab;
let env: Record<string, string>;
let cleanup: () => Promise<void>;
let policyFile: string;
let stateDir: string;
beforeAll(async () => {
  const temp = await withTempDir('aksdr-cli-');
  cleanup = temp.cleanup;
  lab = await startLab({ dir: temp.dir, seed: 3, tickIntervalMs: 50, timing: { monitorTimeScale: 10_000 } });
  stateDir = path.join(temp.dir, 'state');
  env = { ...labEnv(lab.info), AKSDR_STATE_DIR: stateDir };
  policyFile = lab.info.policyFile ?? '';
});
afterAll(async () => {
  await lab?.stop();
  await cleanup?.();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function aksdr(args: string[], options: { env?: Record<string, string>; tty?: boolean } = {}): Promise<Run> {
  const out = { stdout: '', stderr: '' };
  const io: CommandIo = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    env: () => options.env ?? env,
    stderrIsTty: () => options.tty ?? false,
  };
  const program = new Command('aksdr').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerStatusCommand(program, io);
  registerCheckCommand(program, io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, ...out };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, ...out };
    if (isExitError(error)) {
      if (!error.silent) out.stderr += `aksdr: ${error.message}\n`;
      return { code: error.exitCode, ...out };
    }
    throw error;
  }
}

describe('aksdr status', () => {
  it('shows every signal of every region, from $AKSDR_POLICY by default', async () => {
    const run = await aksdr(['status'], { env: { ...env, AKSDR_POLICY: policyFile } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^POLICY\s+REGION\s+ROLE\s+SIGNAL\s+STATUS\s+LATENCY\s+REASON/);
    expect(run.stdout).toMatch(/shop\s+westeurope\s+primary\s+nodes\s+ok\s+\d+ ms\s+5\/5 nodes Ready/);
    expect(run.stdout).toContain('shop/northeurope: all signals pass');
    expect(run.stderr).toBe('');
  });

  it('prints one JSON document for scripts, with the failing signals of a broken region', async () => {
    lab.inject('westeurope', 'workloads-unavailable');
    try {
      const run = await aksdr(['status', '--policy', policyFile, '--output', 'json']);
      expect(run.code).toBe(0);
      const document = JSON.parse(run.stdout) as StatusDocument;
      const [weu, neu] = document.policies[0]?.regions ?? [];
      expect(weu).toMatchObject({ name: 'westeurope', ok: false, failing: ['workloads'] });
      expect(neu).toMatchObject({ name: 'northeurope', ok: true, failing: [] });
    } finally {
      lab.heal();
    }
  });

  it('says where the traffic goes, and exits 1 while a region is down by its policy’s rule', async () => {
    const steady = await aksdr(['status', '-p', policyFile]);
    expect(steady.stdout).toContain('shop: traffic goes to westeurope (westeurope weight 1000, northeurope weight 1)');
    lab.inject('westeurope', 'region-down', { mode: 'reset' });
    try {
      const down = await aksdr(['status', '-p', policyFile, '-o', 'json']);
      expect(down.code).toBe(1);
      expect(JSON.parse(down.stdout)).toMatchObject({ anyRegionDown: true, policies: [{ regions: [{ name: 'westeurope', down: true }, { name: 'northeurope', down: false }] }] });
    } finally {
      lab.heal();
    }
  });

  it('shows progress on stderr only when a person watches it', async () => {
    expect((await aksdr(['status', '-p', policyFile], { tty: true })).stderr).toBe('probing shop: westeurope, northeurope …\n');
  });

  it('exits 2 without a policy, with an invalid one, and with a broken environment', async () => {
    const none = await aksdr(['status']);
    expect(none).toMatchObject({ code: 2, stderr: 'aksdr: no policy given: pass --policy FILE|DIR, or set AKSDR_POLICY\n' });
    const bad = path.join(lab.info.dir, 'bad.yaml');
    await writeFile(bad, 'apiVersion: aksdr/v1alpha1\nkind: FailoverPolicy\nmetadata: { name: shop }\nspec:\n  regions: []\n');
    const invalid = await aksdr(['status', '-p', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+ error `, 'm'));
    const environment = await aksdr(['status', '-p', policyFile], { env: { ...env, AKSDR_ARM_ENDPOINT: 'http://127.0.0.1:1' } });
    expect(environment.code).toBe(2);
    expect(environment.stderr).toContain('AKSDR_ARM_ENDPOINT: "http://127.0.0.1:1" does not use https');
  });

  it('exits 2 when Azure refuses the credential, saying how to sign in', async () => {
    const run = await aksdr(['status', '-p', policyFile], { env: { ...env, AZURE_CLIENT_SECRET: 'wrong' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot get a token for Azure Resource Manager/);
    expect(run.stderr).toContain('az login');
    expect(run.stderr).not.toContain('wrong');
  });
});

describe('aksdr check', () => {
  it('exits 0 when the secondary is ready (a pool the failover scales up does not block)', async () => {
    const run = await aksdr(['check', policyFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Readiness of northeurope as failover target of shop (traffic from westeurope)');
    expect(run.stdout).toMatch(/capacity\s+repairable\s+node pool user has 1 node, needs 3: will scale up from 1 to 3/);
    expect(run.stdout).toContain('ready: northeurope can take the traffic of shop');
  });

  it('exits 1 when not ready, with every blocking check and its evidence, and Azure DevOps errors in a pipeline', async () => {
    lab.inject('northeurope', 'backup-stale');
    lab.inject('northeurope', 'acr-replica-degraded');
    try {
      const table = await aksdr(['check', policyFile, '--target', 'northeurope'], { env: { ...env, TF_BUILD: 'True' } });
      expect(table.code).toBe(1);
      expect(table.stdout).toMatch(/backupFreshness\s+FAIL\s+newest backup shop-hourly-\S+ is \d+ h \d+ min old \(limit 60 min\)/);
      expect(table.stdout).toContain('  acrReplication (fail): replica of acraksdr in northeurope: status Syncing');
      expect(table.stdout).toMatch(/^ {4}maxAgeMinutes: 60$/m);
      expect(table.stdout).toContain('not ready: 2 checks block a failover to northeurope: acrReplication, backupFreshness');
      expect(table.stdout).toMatch(/^##vso\[task\.logissue type=error\]aksdr check shop: backupFreshness fail in northeurope: newest backup/m);

      const json = await aksdr(['check', policyFile, '-o', 'json'], { env: { ...env, TF_BUILD: 'True' } });
      expect(json.code).toBe(1);
      const document = JSON.parse(json.stdout) as ReadinessDocument;
      expect(document).toMatchObject({ policy: 'shop', target: 'northeurope', source: 'westeurope', ready: false, blocking: ['acrReplication', 'backupFreshness'], repairable: ['capacity'] });
      expect(document.results.find((r) => r.check === 'backupFreshness')?.evidence).toMatchObject({ schedule: 'shop-hourly', maxAgeMinutes: 60 });
      expect(json.stderr.split('\n').filter((l) => l.startsWith('##vso[task.logissue type=error]'))).toHaveLength(2);
    } finally {
      lab.heal();
    }
  });

  it('judges from where the traffic is: after a failover, the default target is the primary, compared with the secondary', async () => {
    const store = new FileStateStore(path.join(stateDir, 'after-failover'));
    const policy = (await loadPolicies([policyFile])).policies[0]?.policy;
    if (!policy) throw new Error('lab policy did not load');
    const doc = initialDocument(policy, Date.now());
    await store.save('shop', { ...doc, engine: { ...doc.engine, kind: 'FailedOver', active: 'northeurope', since: Date.now() } }, 0, new Date());
    const run = await aksdr(['check', policyFile, '--state-dir', path.join(stateDir, 'after-failover'), '-o', 'json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ target: 'westeurope', source: 'northeurope' });
    const self = await aksdr(['check', policyFile, '--state-dir', path.join(stateDir, 'after-failover'), '--target', 'northeurope']);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('northeurope already takes the traffic of shop');
  });

  it('with the primary down, compares with what it last ran (the engine’s deployments memory), as the engine does', async () => {
    const own = path.join(stateDir, 'memory');
    expect((await aksdr(['check', policyFile, '--state-dir', own])).code).toBe(0);
    lab.inject('westeurope', 'region-down', { mode: 'reset' });
    try {
      const run = await aksdr(['check', policyFile, '--state-dir', own, '-o', 'json']);
      const document = JSON.parse(run.stdout) as ReadinessDocument;
      expect(document.results.find((r) => r.check === 'versionDrift')).toMatchObject({ status: 'pass' });
      expect(document.results.find((r) => r.check === 'versionDrift')?.reason).toContain('as last seen');
      expect(document.results.find((r) => r.check === 'acrImages')?.status).toBe('pass');
      expect(run.code).toBe(0);
    } finally {
      lab.heal();
    }
  });

  it('exits 2 for a region the policy does not have', async () => {
    const run = await aksdr(['check', policyFile, '--target', 'mars']);
    expect(run).toMatchObject({ code: 2, stderr: 'aksdr: --target mars is not a region of shop; its regions are westeurope, northeurope\n' });
  });

  it('runs as the real command line too', async () => {
    const run = await runAksdr(['check', policyFile, '--output', 'json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ready: true, target: 'northeurope' });
  });
});
