// The remaining `spec` sections: readiness gates, failover behaviour, Velero recovery, objectives,
// drills and notifications. Sections that change what aksdr does are optional and off when absent.
import { z } from 'zod';
import { ResourceTypes } from './resource-id.js';
import { agentPoolName, cronExpression, dnsLabel, dnsSubdomain, environmentVariableName, intIn, resourceIdOf } from './schema-fields.js';

export const readinessSchema = z
  .strictObject({
    acr: z
      .strictObject({
        registry: resourceIdOf(ResourceTypes.containerRegistry, 'container registry'),
        images: z
          .union([z.literal('fromWorkloads'), z.array(z.string().min(1)).min(1)], {
            error: 'must be `fromWorkloads` or a list of image references',
          })
          .default('fromWorkloads')
          .describe('Images that must exist in the target region\'s replica: `fromWorkloads` (read from health.workloads) or a list.'),
      })
      .optional()
      .describe('Geo-replication of the registry must be online in the target region.'),
    backup: z
      .strictObject({
        schedule: dnsSubdomain.describe('Velero schedule whose newest completed backup is checked.'),
        maxAgeMinutes: intIn(1, 525600).describe('Newest backup must be younger than this; at most objectives.rpoMinutes.'),
      })
      .optional()
      .describe('Backup freshness gate.'),
    versionDrift: z
      .strictObject({ namespaces: z.array(dnsLabel).min(1).describe('Namespaces whose image versions must match between regions.') })
      .optional()
      .describe('The standby must run the same image versions as the primary.'),
    capacity: z
      .strictObject({
        nodePool: agentPoolName.optional().describe('Agent pool to check and scale; regions[].nodePool overrides it per region.'),
        minNodes: intIn(1, 5000).describe('Nodes the target pool must have before traffic moves.'),
        scaleUp: z.boolean().default(true).describe('Scale the pool up to minNodes when it is smaller, instead of refusing.'),
        timeoutSeconds: intIn(1, 7200).default(900).describe('How long a scale-up may take before the failover is refused.'),
      })
      .optional()
      .describe('Capacity of the target region.'),
  })
  .prefault({})
  .describe('Readiness gates checked before any traffic moves to a region.');

export const failoverSchema = z
  .strictObject({
    mode: z
      .enum(['automatic', 'approval', 'manual'])
      .default('approval')
      .describe('automatic: act; approval: plan and wait for `aksdr approve`; manual: recommend only.'),
    minDwellMinutes: intIn(0, 10080).default(30).describe('Minutes after a failover during which no further failover starts.'),
    maxFailovers: z
      .strictObject({
        count: intIn(1, 100).default(2).describe('Failovers allowed within the window.'),
        windowHours: intIn(1, 720).default(24).describe('Length of the sliding window, in hours.'),
      })
      .prefault({})
      .describe('Flap guard: at most `count` failovers in `windowHours`.'),
    failback: z.enum(['automatic', 'manual']).default('manual').describe('Whether traffic returns to the primary by itself.'),
    failbackHoldDownMinutes: intIn(0, 10080).default(60).describe('Minutes the primary must stay healthy before failback is offered or done.'),
    order: z
      .enum(['shiftFirst', 'restoreFirst'])
      .default('shiftFirst')
      .describe('shiftFirst: warm standby, move traffic then restore; restoreFirst: cold standby, restore then move traffic.'),
    matchReplicas: z
      .boolean()
      .optional()
      .describe(
        "Scale the target's protected workloads (health.workloads) up to the replicas the source region last ran, and verify them available, before the failover counts as done; never scales down. Default: on with order restoreFirst (a cold standby), off with shiftFirst.",
      ),
  })
  .prefault({})
  .describe('When and how aksdr fails over and back.');

export const recoverySchema = z
  .strictObject({
    velero: z
      .strictObject({
        namespace: dnsLabel.default('velero').describe('Namespace where Velero runs in the target cluster.'),
        schedule: dnsSubdomain.describe('Velero schedule whose newest completed backup is restored.'),
        includedNamespaces: z.array(dnsLabel).min(1).optional().describe('Namespaces to restore; all in the backup when absent.'),
        restorePVs: z.boolean().default(true).describe('Restore persistent volumes from snapshots.'),
        existingResourcePolicy: z.enum(['none', 'update']).default('none').describe('none: keep objects that already exist; update: overwrite them.'),
        timeoutMinutes: intIn(1, 1440).default(30).describe('A restore still running after this is treated as failed.'),
        acceptPartiallyFailed: z.boolean().default(false).describe('Whether a PartiallyFailed restore counts as success.'),
      })
      .describe('Restore with Velero into the target cluster.'),
  })
  .optional()
  .describe('Restores performed on failover; no restore when absent.');

export const objectivesSchema = z
  .strictObject({
    rtoMinutes: intIn(1, 10080).optional().describe('Recovery time objective: minutes from outage to service restored.'),
    rpoMinutes: intIn(1, 525600).optional().describe('Recovery point objective: minutes of data that may be lost.'),
  })
  .prefault({})
  .describe('Objectives the policy is checked against.');

export const drillsSchema = z
  .strictObject({
    schedule: cronExpression.optional(),
    mode: z.enum(['dry-run', 'restore-test', 'live']).default('dry-run').describe('dry-run plans and checks only; restore-test restores the newest backup into scratch namespaces of the secondary and deletes them; live really moves traffic.'),
    allowLive: z.boolean().default(false).describe('Explicit opt-in for scheduled live drills.'),
  })
  .prefault({})
  .describe('Scheduled DR drills.');

export const notificationEvents = [
  'health.changed',
  'readiness.failed',
  'failover.planned',
  'failover.awaiting-approval',
  'failover.started',
  'failover.completed',
  'failover.failed',
  'failover.held',
  'routing.drift',
  'failback.completed',
  'restore.completed',
  'restore.failed',
  'drill.completed',
] as const;

const webhookSchema = z.strictObject({
  name: dnsLabel.describe('Name of this webhook, unique within the policy.'),
  url: z
    .url({ protocol: /^https$/, error: 'must be an https:// URL' })
    .describe('https URL events are POSTed to.'),
  events: z.array(z.enum(notificationEvents)).min(1).optional().describe('Events to send; all when absent.'),
  secretEnv: environmentVariableName.optional().describe('Name of an environment variable holding the HMAC-SHA256 signing secret.'),
});

export const notificationsSchema = z
  .strictObject({ webhooks: z.array(webhookSchema).default([]).describe('Webhooks notified of events.') })
  .prefault({})
  .describe('Where events are sent.');
