// The lab and engine of one detection trial: test/e2e/support/lab-engine.ts's wiring (the product's
// own createDependencies from the lab's env, a file state store), plus the lab's simulated users
// and a profile TTL of the bench's choosing, so "clients moved" is measured beside the weights.
// The users (ClientPopulation) are started here once the TTL is set, not by `startLab({ clients })`:
// those start stepping while the lab is still writing its files and would cache their first answers
// for the lab's default TTL (30 s), which would then hold some of them on the dead region.
// Traffic Manager's own monitor runs at Azure's pace here (the profile's 10 s probes, one tolerated
// failure): sped up, as in the e2e runbooks, it would move the clients by itself within milliseconds
// and hide what aksdr did.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { createActionPorts, createDependencies } from '../../src/app/dependencies.js';
import { systemClock } from '../../src/engine/clock.js';
import { PolicyEngine } from '../../src/engine/engine.js';
import { ClientPopulation } from '../../src/lab/clients/client-population.js';
import { appUrl } from '../../src/lab/context.js';
import { startLab, type Lab } from '../../src/lab/lab.js';
import { endpointRegion } from '../../src/lab/lab-state.js';
import { renderPolicyYaml, type FailoverPolicy } from '../../src/policy/index.js';
import { FileStateStore } from '../../src/state/file-state-store.js';
import { executorTimings, labEnv, labPace, labTiming, loadLabPolicy } from '../../test/e2e/support/lab-engine.js';
import { withTempDir } from '../../test/fixtures/temp-dir.js';

export interface DetectionLab {
  lab: Lab;
  clients: ClientPopulation;
  policy: FailoverPolicy;
  store: FileStateStore;
  engine(): PolicyEngine;
  close(): Promise<void>;
}

export interface DetectionLabOptions {
  seed: number;
  policy?: (policy: FailoverPolicy) => FailoverPolicy;
  /** The profile's DNS TTL, seconds. */
  ttlSeconds: number;
  /** Simulated users (each asks once a second). */
  clients: number;
}

export async function startDetectionLab(options: DetectionLabOptions): Promise<DetectionLab> {
  const temp = await withTempDir('aksdr-detect-');
  const lab = await startLab({
    dir: path.join(temp.dir, 'lab'),
    seed: options.seed,
    // The realistic lab (Azure's pace compressed as in the e2e runbooks), except Traffic Manager's monitor,
    // which keeps the profile's own pace (below).
    ...labPace,
    timing: { ...labTiming, monitorTimeScale: 1 },
    tickIntervalMs: 50,
  });
  const profile = lab.ctx.world.trafficManager.properties as { dnsConfig: { ttl: number }; endpoints: { properties: Record<string, unknown> }[] };
  profile.dnsConfig.ttl = options.ttlSeconds;
  const regionOfTarget = new Map(profile.endpoints.map((e) => [String(e.properties.target).toLowerCase(), endpointRegion(lab.ctx, e.properties)]));
  const clients = new ClientPopulation(
    {
      clock: lab.ctx.clock,
      dnsServer: lab.info.dns.server,
      fqdn: lab.info.dns.fqdn,
      regionOfTarget: (target) => regionOfTarget.get(target.toLowerCase()),
      appUrl: (region) => appUrl(lab.ctx, region),
      ca: lab.ctx.pki.caCertPem,
    },
    { count: options.clients, requestEveryMs: 1000 },
  );
  // One step at a time, as the lab steps its own: a step waits for its slowest (blackholed) request.
  let stepping: Promise<void> | undefined;
  const timer = setInterval(() => {
    stepping ??= clients.step().finally(() => (stepping = undefined));
  }, 50);
  const labPolicy = await loadLabPolicy(lab.info.policyFile ?? path.join(lab.info.dir, 'policy.yaml'));
  const policy = options.policy ? options.policy(labPolicy) : labPolicy;
  const policyFile = path.join(temp.dir, 'policy.yaml');
  await writeFile(policyFile, renderPolicyYaml(policy, { schemaComment: '' }));
  const env = await labEnv(lab.info.envFile);
  const deps = createDependencies({ env, policies: [{ file: policyFile, policy }], logger: pino({ level: 'silent' }), tuning: { apiServerBackoffInMs: 200 } });
  const ports = createActionPorts(deps, { clock: systemClock });
  const store = new FileStateStore(path.join(temp.dir, 'state'));
  return {
    lab,
    clients,
    policy,
    store,
    engine: () => new PolicyEngine(policy, { store, clock: systemClock, ports, timings: executorTimings, retry: { maxRetries: 8, initialDelayMs: 100, maxDelayMs: 2_000 }, readinessTtlMs: 0 }),
    close: async () => {
      clearInterval(timer);
      await stepping;
      clients.close();
      await deps.close();
      await lab.stop();
      await temp.cleanup();
    },
  };
}
