// `spec.health`: how often regions are probed, which signals count, and the hysteresis that turns
// individual probe results into Healthy / Unhealthy. Defaults favour not failing over on noise.
import { z } from 'zod';
import { dnsLabel, dnsSubdomain, intIn, ratio } from './schema-fields.js';

export const signalNames = ['aks', 'apiServer', 'nodes', 'workloads', 'app', 'trafficManager'] as const;
export const signalNameSchema = z.enum(signalNames);

export const defaultSignals: readonly SignalNameLiteral[] = ['aks', 'apiServer', 'nodes', 'workloads', 'app'];
type SignalNameLiteral = (typeof signalNames)[number];

const windowSchema = z
  .strictObject({
    size: intIn(2, 100).describe('Number of most recent evaluations looked at.'),
    failures: intIn(1, 100).describe('Failed evaluations within the window that make a region Unhealthy.'),
  })
  .describe('M-of-N detection instead of consecutive failures: Unhealthy when `failures` of the last `size` evaluations failed.');

const workloadsSchema = z
  .strictObject({
    namespace: dnsLabel.describe('Namespace of the critical workloads.'),
    deployments: z.array(dnsSubdomain).min(1).describe('Deployments whose availability is a health signal.'),
    minAvailableRatio: ratio.default(0.5).describe('Share of desired replicas that must be available, per deployment.'),
  })
  .describe('The critical workloads; required when the `workloads` signal is used.');

const outageSchema = z
  .union([
    z.enum(['regional', 'application']),
    z.strictObject({ quorum: intIn(1, 6).describe('How many of the counted signals must fail together.') }),
  ])
  .default('regional')
  .describe(
    'What counts as an outage. regional (default): every serving signal (apiServer, nodes, workloads, app) fails at once — how a regional outage looks, and never what noise looks like. application: the app signal failing is enough — for outages of a regional dependency (database, storage, identity) that leave the cluster up. {quorum: k}: k of the counted signals fail together. `aksdr policy explain` prints each choice\'s detection floor and false-alarm odds.',
  );

export const healthSchema = z
  .strictObject({
    intervalSeconds: intIn(1, 3600).default(10).describe('Seconds between two evaluations of a region.'),
    timeoutSeconds: intIn(1, 3600).default(4).describe('Seconds a single probe may take; must be shorter than the interval.'),
    unhealthyAfter: intIn(1, 1000).default(3).describe('Consecutive failed evaluations before a region is Unhealthy.'),
    healthyAfter: intIn(1, 100000).default(30).describe('Consecutive passed evaluations before a failed region counts as healthy again (failback).'),
    window: windowSchema.optional(),
    outage: outageSchema,
    signals: z
      .array(signalNameSchema)
      .min(1)
      .default([...defaultSignals])
      .describe('Signals probed for each region. An evaluation fails only when every counted serving signal (apiServer, nodes, workloads, app) fails at once — how a regional outage looks, unlike independent noise; aks corroborates, trafficManager is Azure\'s own vantage point.'),
    nodes: z
      .strictObject({ minReadyRatio: ratio.default(0.6).describe('Share of nodes that must be Ready.') })
      .prefault({})
      .describe('Node readiness signal settings.'),
    workloads: workloadsSchema.optional(),
    app: z
      .strictObject({ maxLatencyMs: intIn(1, 600000).optional().describe('A slower answer from the app URL counts as a failure.') })
      .prefault({})
      .describe('Application probe settings (the URL is per region: `regions[].app.url`).'),
    trafficManagerVantage: z
      .enum(['ignore', 'caution', 'veto'])
      .default('caution')
      .describe('When Azure Traffic Manager\'s own endpoint monitor disagrees with our probes: ignore it, hold automatic actions (caution), or never act against it (veto).'),
    vantageQuorum: z
      .union([z.literal('majority'), intIn(1, 100)])
      .default('majority')
      .describe('`aksdr serve` with several replicas: how many fresh vantage points (replicas) must see a region down before it counts as down — `majority` (more than half) or a number (capped at the replicas reporting). One replica decides alone.'),
  })
  .prefault({})
  .describe('Health evaluation: probe cadence, signals and hysteresis.');
