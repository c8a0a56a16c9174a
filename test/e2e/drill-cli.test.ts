// `aksdr drill` as a person or a pipeline runs it, in a child process against the lab: the exit code
// says passed (0), failed (1), usage (2) or refused (3); the JUnit report parses; in Azure Pipelines
// the logging commands appear; Ctrl-C aborts cleanly; and a drill killed mid-failover is undone by
// the next `aksdr drill` before it does anything else.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAksdr, spawnAksdr, type CliResult } from '../fixtures/cli.js';
import { withTempDir } from '../fixtures/temp-dir.js';
import { weights } from '../drill/support/drill-lab.js';
import { startLabEngine, type LabEngine } from './support/lab-engine.js';

let world: LabEngine;
let temp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  world = await startLabEngine();
  temp = await withTempDir('aksdr-drill-cli-');
});
afterAll(async () => {
  await world?.close();
  await temp?.cleanup();
});

const stateDir = (): string => path.join(temp.dir, 'state');
const aksdr = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => runAksdr(['drill', world.policyFile, '--state-dir', stateDir(), ...args], { ...world.env, TF_BUILD: '', ...env });

/** Runs a live drill and sends `signal` once the failover has started; resolves with its result. */
function interruptedLiveDrill(signal: NodeJS.Signals): Promise<CliResult> {
  const child = spawnAksdr(['drill', world.policyFile, '--state-dir', stateDir(), '--mode', 'live', '--yes'], { ...world.env, TF_BUILD: '' });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!sent && stderr.includes('▶ fail over to')) {
      sent = true;
      // Mid-failover, deterministically: once the engine has journaled the failover's weight shift.
      void (async () => {
        for (let i = 0; i < 3_000 && child.exitCode === null; i++) {
          const journal = await readFile(path.join(stateDir(), `${world.policy.metadata.name}.journal.jsonl`), 'utf8').catch(() => '');
          const shifted = journal.split('\n').some((line) => {
            try {
              const record = JSON.parse(line) as { operationId?: string; kind?: string };
              return record.kind === 'shiftWeights' && (record.operationId ?? '').includes('-failover-');
            } catch {
              return false;
            }
          });
          if (shifted) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        child.kill(signal);
      })();
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('aksdr drill', () => {
  it('passes a dry run with exit 0 and writes a JUnit report a JUnit parser reads', { timeout: 60_000 }, async () => {
    const file = path.join(temp.dir, 'reports', 'drill.xml');
    const result = await aksdr(['--report', file]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/dry-run of shop against northeurope — PASSED/);
    expect(result.stderr).toMatch(/✔ plan\.failover passed/);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await readFile(file, 'utf8')) as { testsuites: { testsuite: { tests: string; failures: string; testcase: { name: string; failure?: unknown }[] } } };
    const suite = xml.testsuites.testsuite;
    expect(suite.failures).toBe('0');
    expect(suite.testcase.map((c) => c.name)).toEqual(expect.arrayContaining(['readiness.backupFreshness', 'plan.failover', 'objective.rto', 'objective.rpo']));
  });

  it('exits 3 when a safety rule refuses, 1 when the drill fails, and in Azure Pipelines says so with logging commands', { timeout: 90_000 }, async () => {
    world.lab.inject('northeurope', 'acr-replica-degraded');
    const refused = await aksdr(['-o', 'json']);
    world.lab.heal();
    expect(refused.code, refused.stderr).toBe(3);
    expect(JSON.parse(refused.stdout)).toMatchObject({ result: 'refused', refusedBy: ['target-ready'] });

    world.lab.inject('northeurope', 'restore-fails');
    const failed = await aksdr(['--mode', 'restore-test', '--report', path.join(temp.dir, 'restore.md')], { TF_BUILD: 'True', AGENT_TEMPDIRECTORY: temp.dir });
    world.lab.heal();
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stdout).toMatch(/^##vso\[task\.logissue type=error\]drill shop-drill-restore-test-\S+: step restore failed: .*restore-fails/m);
    expect(failed.stdout).toMatch(/^##vso\[task\.setvariable variable=drillResult;isOutput=true\]failed$/m);
    expect(failed.stdout).toMatch(/^##vso\[task\.setvariable variable=drillRpoSeconds;isOutput=true\]\d+$/m);
    const summary = /^##vso\[task\.uploadsummary\](.+)$/m.exec(failed.stdout)?.[1] ?? '';
    expect(await readFile(summary, 'utf8')).toMatch(/## DR drill shop-drill-restore-test-\S+: ❌ failed/);
    expect(await readFile(path.join(temp.dir, 'restore.md'), 'utf8')).toContain('| ❌ | restore |');
  });

  it('exits 2 on a usage mistake, with the fix in the message', async () => {
    const result = await aksdr(['--mode', 'live']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --yes');
  });

  it('Ctrl-C during a live drill puts the starting weights back and exits 1', { timeout: 90_000 }, async () => {
    const before = weights(world);
    const result = await interruptedLiveDrill('SIGINT');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/aborted \(interrupted by the operator\): endpoints back where the drill found them/);
    expect(weights(world)).toEqual(before);
  });

  it('a live drill killed mid-failover is aborted by the next aksdr drill first', { timeout: 90_000 }, async () => {
    const before = weights(world);
    const killed = await interruptedLiveDrill('SIGKILL');
    expect(killed.code).not.toBe(0);
    const next = await aksdr(['-o', 'json']);
    expect(next.code, next.stderr).toBe(0);
    const report = JSON.parse(next.stdout) as { steps: { name: string; outcome: string; reason: string }[] };
    expect(report.steps[0]).toMatchObject({ name: 'abort-unfinished', outcome: 'passed' });
    expect(report.steps[0]?.reason).toMatch(/shop-drill-live-\S+ \(left failing-over\) aborted; endpoints back where it found them/);
    console.info(`killed mid-failover, then: ${report.steps[0]?.reason ?? ""}`);
    expect(weights(world)).toEqual(before);
    const history = await runAksdr(['history', world.policyFile, '--state-dir', stateDir()], world.env);
    expect(history.stdout).toMatch(/drill shop-drill-live-\S+ aborting: drill shop-drill-live-\S+ did not finish/);
  });
});
