// Starts the whole lab in this process: Entra ID, Azure Resource Manager, one Kubernetes API server
// per cluster (with Velero), the regions' app endpoints and the control API — all on loopback —
// and writes the files that let any client use it (lab.json, ca.pem, kubeconfigs, env).
import { randomBytes } from 'node:crypto';
import { createAcrDataPlaneHandler } from './acr/acr-data-plane.js';
import { createAppHandler } from './app-handler.js';
import { seededRandom, systemClock, type LabClock } from './clock.js';
import type { LabContext, LabTiming } from './context.js';
import { createControlHandler } from './control-handler.js';
import { createArmHandler } from './arm/arm-handler.js';
import { ArmState } from './arm/arm-state.js';
import { createEntraHandler } from './entra/entra-handler.js';
import { createManagedIdentityHandler } from './entra/managed-identity-handler.js';
import { TokenService } from './entra/token-service.js';
import { FaultBook, type Fault, type FaultKind, type FaultOptions } from './faults.js';
import { json, type LabHandler } from './http/handler.js';
import type { RunningServer } from './http/serve.js';
import { ServerGroup } from './http/server-group.js';
import { createKubeHandler } from './kube/kube-handler.js';
import { ServiceAccountIssuer } from './kube/service-account-issuer.js';
import { aksdrServiceAccount } from './entra/client-assertion.js';
import { VeleroSimulator } from './kube/velero-simulator.js';
import { advanceNodeBoot } from './kube/node-lifecycle.js';
import { advanceWorkloads } from './kube/workload-controller.js';
import { timingFor } from './pace.js';
import type { LabPace } from './context.js';
import type { RestoreOutcome } from './kube/velero-materialise.js';
import { writeLabFiles, type LabInfo } from './lab-files.js';
import { snapshotLab, type LabState } from './lab-state.js';
import { createLabPki } from './pki.js';
import { ClientPopulation, type ClientPopulationOptions } from './clients/client-population.js';
import type { RunningDns } from './dns/dns-server.js';
import { profileFqdn } from './dns/traffic-manager-answer.js';
import { labTargets, trafficManagerZone } from './dns/traffic-manager-zone.js';
import { appUrl } from './context.js';
import { createWorld, defaultWorldSpec, type WorldSpec } from './world/world.js';

export interface LabOptions {
  /** Where lab.json, ca.pem, kubeconfigs and env are written. */
  dir: string;
  regions?: string[];
  standby?: WorldSpec['standby'];
  /** `entra`: Entra-integrated clusters (kubelogin kubeconfigs, local accounts disabled). */
  clusterAuth?: WorldSpec['clusterAuth'];
  clock?: LabClock;
  /** Seed for the lab's randomness (flaky faults); random when omitted. */
  seed?: number;
  /**
   * `fast` (default): the near-instant world unit tests were written for. `azure`: Azure's and
   * Velero's own durations and behaviour (src/lab/pace.ts, docs/LAB.md).
   */
  pace?: LabPace;
  /** Divide every duration of the pace by this (default 1): the same world, compressed. */
  timeScale?: number;
  /** Individual durations, over the pace's (tests). */
  timing?: Partial<LabTiming>;
  /** Fixed ports; free ports when omitted. */
  ports?: Partial<Record<'entra' | 'arm' | 'kube' | 'app' | 'acr' | 'control' | 'identity' | 'dns', number>>;
  /**
   * The application's users, simulated (client-population.ts): started when given, driven by the
   * tick timer (or by `lab.clients.step()` on a manual clock). Off by default to keep tests fast.
   */
  clients?: ClientPopulationOptions;
  /** Azure RBAC actions of the lab's service principal (wildcards allowed); default: everything. */
  armActions?: readonly string[];
  /** How often the simulated controllers run on the real clock; 0 = only when `tick()` is called. */
  tickIntervalMs?: number;
}

export interface Lab {
  info: LabInfo;
  ctx: LabContext;
  inject(region: string, kind: FaultKind, options?: FaultOptions): Fault;
  heal(region?: string): Fault[];
  /** Run the simulated controllers (Velero) up to the clock's now. */
  tick(): void;
  state(): LabState;
  /** A service-account token from a cluster's OIDC issuer (audience api://AzureADTokenExchange unless given). */
  serviceAccountToken(clusterName: string, namespace: string, serviceAccount: string, options?: { lifetimeSeconds?: number; audience?: string }): Promise<string>;
  /** ARM requests the lab's ARM admitted so far (its throttle's count), by class. */
  armRequestsAdmitted(): { reads: number; writes: number; deletes: number };
  /** Every Azure RBAC action ARM was asked to perform so far, sorted. */
  armActionsRequested(): string[];
  /** A finished restore's results (Velero keeps them in object storage; `velero restore describe` shows them). */
  restoreResults(clusterName: string, namespace: string, restoreName: string): RestoreOutcome['results'] | undefined;
  /** The simulated clients, when `clients` was given. */
  clients: ClientPopulation | undefined;
  /** Every server of the lab closed (connections refused) while its world runs on; `startServers` binds them again on the same ports. */
  stopServers(): Promise<void>;
  startServers(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLab(options: LabOptions): Promise<Lab> {
  const clock = options.clock ?? systemClock;
  const random = seededRandom(options.seed ?? randomBytes(4).readUInt32LE());
  const pki = createLabPki();
  const tls = { key: pki.serverKeyPem, cert: pki.serverCertPem };
  const ports = options.ports ?? {};
  const group = new ServerGroup();

  // The registry's login server is where its data plane answers, so that port comes first: the
  // world's image references (`<loginServer>/shop/frontend:1.4.2`) are built from it.
  let acrHandler: LabHandler = () => json(503, { errors: [{ code: 'UNAVAILABLE', message: 'starting' }] });
  const acrServer = await group.serve((request) => acrHandler(request), { tls, port: ports.acr });
  const spec: WorldSpec = {
    ...defaultWorldSpec,
    ...(options.regions ? { regions: options.regions } : {}),
    ...(options.standby ? { standby: options.standby } : {}),
    ...(options.clusterAuth ? { clusterAuth: options.clusterAuth } : {}),
    registryLoginServer: `127.0.0.1:${acrServer.port}`,
  };
  const ctx: LabContext = {
    world: createWorld(spec, () => clock.now()),
    faults: new FaultBook(random, () => clock.now()),
    clock,
    random,
    pki,
    urls: { entra: '', arm: '', kube: '', app: '', acr: acrServer.url, control: '', identity: '' },
    timing: timingFor({ pace: options.pace ?? 'fast', timeScale: options.timeScale ?? 1 }, options.timing),
    ...(options.armActions ? { armActions: options.armActions } : {}),
  };
  const tokens = new TokenService(ctx);
  const issuer = new ServiceAccountIssuer(ctx);
  const velero = new VeleroSimulator(ctx);
  velero.seed();
  const arm = new ArmState(ctx);
  // One tick moves every simulated controller: ARM long-running operations, the kubelets of
  // booting nodes, the deployment controller and scheduler (azure pace), Traffic Manager's monitor
  // and Velero.
  const tick = (): void => {
    arm.operations.settle();
    advanceNodeBoot(ctx);
    advanceWorkloads(ctx);
    arm.monitor.advance(arm.profiles);
    velero.tick();
  };
  const controlToken = randomBytes(24).toString('base64url');
  const identityHeader = randomBytes(24).toString('base64url');
  acrHandler = createAcrDataPlaneHandler(ctx, tokens);

  // The clients start once the servers they call are up; the control API's state reads them from here.
  const population: { clients?: ClientPopulation } = {};
  const state = (): LabState => snapshotLab(ctx, { arm, ...population });
  const actions = {
    state,
    // The world moves up to now before a fault changes, so what ran before it saw the world without it.
    inject: (region: string, kind: FaultKind, faultOptions: FaultOptions = {}) => {
      tick();
      return ctx.faults.inject(region, kind, faultOptions);
    },
    heal: (region?: string) => {
      tick();
      const healed = ctx.faults.heal(region);
      tick();
      return healed;
    },
    tick,
  };

  const servers: { close(): Promise<void> }[] = [acrServer];
  // Traffic Manager's weighted choices draw from their own stream, so DNS queries do not change
  // which requests a seeded flaky fault fails.
  const dnsRandom = seededRandom((options.seed ?? 0) + 0x9e3779b9);
  let dns: RunningDns;
  try {
    const bind = async (server: Promise<RunningServer>): Promise<string> => {
      const running = await server;
      servers.push(running);
      return running.url;
    };
    ctx.urls.entra = await bind(group.serve(createEntraHandler(ctx, tokens), { tls, port: ports.entra }));
    ctx.urls.arm = await bind(group.serve(createArmHandler(ctx, tokens, arm), { tls, port: ports.arm }));
    ctx.urls.kube = await bind(group.serve(createKubeHandler(ctx, issuer, tokens), { tls, port: ports.kube }));
    ctx.urls.app = await bind(group.serve(createAppHandler(ctx), { tls, port: ports.app }));
    ctx.urls.control = await bind(group.serve(createControlHandler(ctx, controlToken, actions), { port: ports.control }));
    ctx.urls.identity = await bind(group.serve(createManagedIdentityHandler(ctx, tokens, identityHeader), { port: ports.identity }));
    dns = await group.serveDns(trafficManagerZone(arm, dnsRandom), { port: ports.dns });
    servers.push(dns);
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }
  const fqdn = profileFqdn(ctx.world.trafficManager) ?? '';
  const clients = options.clients
    ? new ClientPopulation(
        { clock, dnsServer: dns.server, fqdn, regionOfTarget: (target) => labTargets(arm).get(target.toLowerCase()), appUrl: (region) => appUrl(ctx, region), ca: pki.caCertPem, timeScale: ctx.timing.timeScale },
        options.clients,
      )
    : undefined;
  if (clients) population.clients = clients;

  const tickIntervalMs = options.tickIntervalMs ?? (options.clock ? 0 : 250);
  // One client step at a time: a step waits for its slowest (blackholed) request.
  let stepping: Promise<void> | undefined;
  const stepClients = (): void => {
    if (!clients || stepping) return;
    stepping = clients.step().finally(() => (stepping = undefined));
  };
  const timer = tickIntervalMs > 0 ? setInterval(() => (tick(), stepClients()), tickIntervalMs) : undefined;
  timer?.unref();

  const serviceAccountToken = (clusterName: string, namespace: string, serviceAccount: string, tokenOptions: { lifetimeSeconds?: number; audience?: string } = {}): Promise<string> => {
    const cluster = ctx.world.clusters.find((c) => c.name === clusterName);
    if (!cluster) throw new Error(`the lab has no cluster ${clusterName}`);
    return issuer.issue(cluster, namespace, serviceAccount, tokenOptions.lifetimeSeconds ?? 3600, tokenOptions.audience);
  };
  // A day-long token: the lab does not rotate the file as the kubelet would every hour.
  const primary = ctx.world.clusters.find((c) => c.role === 'primary');
  const federatedToken = primary ? await serviceAccountToken(primary.name, aksdrServiceAccount.namespace, aksdrServiceAccount.name, { lifetimeSeconds: 86_400 }) : undefined;
  const info = await writeLabFiles(options.dir, ctx, { controlToken, identityHeader, dns: { server: dns.server, fqdn }, ...(federatedToken ? { federatedToken } : {}) });
  let stopped = false;
  return {
    info,
    ctx,
    ...actions,
    clients,
    serviceAccountToken,
    restoreResults: (clusterName, namespace, restoreName) => velero.restoreResults(clusterName, namespace, restoreName),
    armActionsRequested: () => [...arm.actionsRequested].sort(),
    armRequestsAdmitted: () => ({ ...arm.throttle.admitted }),
    stopServers: () => group.stop(),
    startServers: () => group.start(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      await Promise.all(servers.map((s) => s.close()));
      await stepping;
      clients?.close();
    },
  };
}
