// The FailoverPolicy schema: the one source of truth. TypeScript types (z.input / z.output) and the
// published JSON Schema (policies/schema.json) are both derived from it. Shape, types, ranges and
// single-value formats live here; rules relating several values live in ./rules.
import { z } from 'zod';
import { ResourceTypes } from './resource-id.js';
import { agentPoolName, azureRegionName, dnsLabel, intIn, resourceIdOf } from './schema-fields.js';
import type { signalNameSchema } from './schema-health.js';
import { healthSchema } from './schema-health.js';
import type {
  notificationEvents} from './schema-sections.js';
import {
  drillsSchema,
  failoverSchema,
  notificationsSchema,
  objectivesSchema,
  readinessSchema,
  recoverySchema,
} from './schema-sections.js';

export const POLICY_API_VERSION = 'aksdr/v1alpha1';
export const POLICY_KIND = 'FailoverPolicy';

const httpStatus = intIn(100, 599);

export const regionSchema = z.strictObject({
  name: azureRegionName.describe('Azure region name, e.g. westeurope.'),
  role: z.enum(['primary', 'secondary']).describe('Exactly one region is the primary.'),
  cluster: resourceIdOf(ResourceTypes.aksCluster, 'AKS cluster'),
  endpoint: z
    .string()
    .min(1)
    .max(260)
    .regex(/^[^/\\?#%]+$/, { error: 'must be a Traffic Manager endpoint NAME (not a URL or resource id)' })
    .describe('Name of this region\'s endpoint within the Traffic Manager profile.'),
  endpointType: z
    .enum(['AzureEndpoints', 'ExternalEndpoints', 'NestedEndpoints'])
    .default('ExternalEndpoints')
    .describe('Traffic Manager endpoint type of the endpoint.'),
  app: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).describe('Application health URL in this region.'),
      expectStatus: z
        .tuple([httpStatus, httpStatus])
        .default([200, 399])
        .describe('Inclusive range [min, max] of HTTP status codes that count as healthy.'),
    })
    .optional()
    .describe('The application\'s own health endpoint in this region; needed for the `app` signal.'),
  nodePool: agentPoolName.optional().describe('Agent pool checked and scaled for capacity in this region.'),
  kubeconfig: z
    .string()
    .min(1)
    .optional()
    .describe('Path to a static kubeconfig instead of fetching credentials from AKS (local accounts, tests, the lab).'),
  credentials: z
    .enum(['user', 'admin'])
    .default('user')
    .describe('Which AKS credentials to fetch: user (Entra ID, least privilege) or admin (local admin account).'),
});

const regionWeights = z.record(z.string(), intIn(1, 1000));

export const trafficManagerSchema = z
  .strictObject({
    profile: resourceIdOf(ResourceTypes.trafficManagerProfile, 'Traffic Manager profile'),
    routing: z.enum(['weighted', 'priority']).default('weighted').describe('Routing method of the profile.'),
    steadyWeights: regionWeights
      .optional()
      .describe('Weighted routing: endpoint weight (1..1000) per region name in normal operation; a region left out is disabled (cold standby).'),
    steadyPriorities: regionWeights
      .optional()
      .describe('Priority routing: priority (1..1000, unique, lower wins) per region name in normal operation.'),
    shift: z
      .strictObject({
        steps: z
          .array(intIn(1, 100))
          .min(1)
          .max(20)
          .default([100])
          .describe('Share (percent) of the failed region\'s traffic moved at each step; strictly increasing, ending at 100.'),
        pauseSeconds: intIn(0, 3600).default(30).describe('Pause between two steps, to watch the target take the load.'),
      })
      .prefault({})
      .describe('How traffic moves away from a failed region.'),
    drainedWeight: intIn(1, 1000)
      .optional()
      .describe('Weight the failed region keeps after a failover. Absent: its endpoint is disabled (no traffic, no Traffic Manager probing).'),
    dnsTtlSeconds: intIn(0, 2_147_483_647)
      .optional()
      .describe(
        "The profile's DNS TTL (dnsConfig.ttl) as you run it: clients follow a change no sooner than this. `policy explain` and the RTO rule add it to the time until users have moved; the trafficManagerProfile readiness check fails while the profile's TTL is longer.",
      ),
    decider: z
      .enum(['aksdr', 'trafficManager', 'both'])
      .default('both')
      .describe(
        "Who moves the traffic. aksdr: only aksdr (its endpoints are set to Traffic Manager's always-serve, so the monitor cannot move clients by itself; `aksdr check` fails otherwise). trafficManager: Traffic Manager's monitor moves clients; aksdr follows — when the active endpoint turns Degraded it prepares the region now taking the traffic (readiness, scale-up, restore when cold) and never fights Traffic Manager with weights. both (default): aksdr's rule moves the weights, and a Degraded active endpoint also starts that preparation at once.",
      ),
  })
  .describe('The Traffic Manager profile in front of the regions.');

export const metadataSchema = z.strictObject({
  name: dnsLabel.describe('Name of the policy, unique across the policy directory.'),
  labels: z.record(z.string().min(1).max(63), z.string().max(63)).optional().describe('Free-form labels.'),
});

export const policySpecSchema = z.strictObject({
  subscriptionId: z.guid({ error: 'must be a subscription GUID' }).optional().describe('Default subscription; every resource id carries its own.'),
  regions: z.array(regionSchema).min(1).max(10).describe('The regions of the application; exactly one primary.'),
  trafficManager: trafficManagerSchema,
  health: healthSchema,
  readiness: readinessSchema,
  failover: failoverSchema,
  recovery: recoverySchema,
  objectives: objectivesSchema,
  drills: drillsSchema,
  notifications: notificationsSchema,
});

export const failoverPolicySchema = z
  .strictObject({
    apiVersion: z.literal(POLICY_API_VERSION).describe('Version of the policy format.'),
    kind: z.literal(POLICY_KIND).describe('Kind of document: always FailoverPolicy.'),
    metadata: metadataSchema,
    spec: policySpecSchema,
  })
  .meta({ title: 'aksdr FailoverPolicy', description: 'Disaster-recovery policy for an application on AKS in two or more regions.' });

/** The effective policy: defaults filled in. What the rest of aksdr works with. */
export type FailoverPolicy = z.output<typeof failoverPolicySchema>;
/** What a person writes (or a program renders): defaulted fields optional. */
export type FailoverPolicyInput = z.input<typeof failoverPolicySchema>;
export type PolicySpec = FailoverPolicy['spec'];
export type PolicySpecInput = FailoverPolicyInput['spec'];
export type RegionSpec = PolicySpec['regions'][number];
export type RegionSpecInput = PolicySpecInput['regions'][number];
export type RegionRole = RegionSpec['role'];
export type TrafficManagerSpec = PolicySpec['trafficManager'];
export type RoutingMethod = TrafficManagerSpec['routing'];
export type HealthSpec = PolicySpec['health'];
export type SignalName = z.output<typeof signalNameSchema>;
export type ReadinessSpec = PolicySpec['readiness'];
export type FailoverSettings = PolicySpec['failover'];
export type FailoverMode = FailoverSettings['mode'];
export type RecoverySpec = NonNullable<PolicySpec['recovery']>;
export type VeleroRecoverySpec = RecoverySpec['velero'];
export type ObjectivesSpec = PolicySpec['objectives'];
export type DrillSpec = PolicySpec['drills'];
export type WebhookSpec = PolicySpec['notifications']['webhooks'][number];
export type NotificationEvent = (typeof notificationEvents)[number];

export { signalNames, defaultSignals } from './schema-health.js';
export { notificationEvents } from './schema-sections.js';
