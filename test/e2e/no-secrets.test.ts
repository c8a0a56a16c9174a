// No secret anywhere: every line aksdr writes while it works against the lab — the CLI's output and
// logs at debug level, the engine state, step journal, command log and audit trail, a drill's
// reports — is searched for the lab's secrets: the client secret, the lab's control token, the
// managed-identity header, the clusters' bearer tokens, and any JWT (access tokens are JWTs).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runAksdr } from '../fixtures/cli.js';
import { startLabEngine, type LabEngine } from './support/lab-engine.js';

let world: LabEngine;
beforeAll(async () => {
  world = await startLabEngine({ seed: 23 });
});
afterAll(async () => {
  await world?.close();
});

/** Every secret the lab handed out, which must never be written anywhere by aksdr. */
async function labSecrets(): Promise<string[]> {
  const info = world.lab.info as unknown as Record<string, unknown>;
  const secrets = [world.env.AZURE_CLIENT_SECRET, info.controlToken, (info.managedIdentity as { header?: string } | undefined)?.header];
  for (const region of Object.values(world.lab.info.clusters)) {
    const kubeconfig = parse(await readFile(region.kubeconfig, 'utf8')) as { users?: { user?: { token?: string } }[] };
    for (const user of kubeconfig.users ?? []) secrets.push(user.user?.token);
  }
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const jwt = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

describe('no secret anywhere', () => {
  it('in the CLI output, the logs, the state, the journal, the audit trail and drill reports of a failover against the lab', { timeout: 240_000 }, async () => {
    const env = { ...world.env, AKSDR_STATE_DIR: world.stateDir, AKSDR_LOG_LEVEL: 'debug' };
    const policy = world.policyFile;
    const outputs: string[] = [];
    for (const args of [
      ['status', '-p', policy],
      ['check', policy, '-o', 'json'],
      ['plan', policy],
      ['drill', policy, '--mode', 'dry-run', '--format', 'md', '--report', path.join(world.stateDir, 'drill.md')],
      ['failover', policy, '--to', 'northeurope', '--yes'],
      ['history', policy, '-o', 'json'],
      ['check', policy, '--token', 'not-an-option'],
    ]) {
      const run = await runAksdr(args, env);
      outputs.push(run.stdout, run.stderr);
    }
    expect(outputs.join('\n')).toContain('completed');
    const files = await filesUnder(world.stateDir);
    expect(files.some((f) => path.basename(f).includes('journal')), files.join(', ')).toBe(true);
    for (const file of files) outputs.push(await readFile(file, 'utf8'));
    const everything = outputs.join('\n');
    const secrets = await labSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    for (const secret of secrets) expect(everything.includes(secret), `a lab secret (${secret.slice(0, 4)}…) was written`).toBe(false);
    expect(everything.match(jwt)?.[0] ?? null).toBeNull();
  });
});
