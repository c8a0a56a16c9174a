// Building blocks of the policy schema: value formats shared by several sections (names, resource ids,
// cron expressions). Each check that zod cannot express as a plain type carries a stable rule id in
// `params.rule`, which the diagnostics mapper turns into the diagnostic's `rule`.
import { z } from 'zod';
import { validateDetailed } from 'node-cron';
import { checkResourceId, isResourceType, type KnownResourceType } from './resource-id.js';

/** A resource id of one type, e.g. an AKS cluster. Shape and type are checked here, field by field. */
export function resourceIdOf(expectedType: KnownResourceType, what: string) {
  return z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      const checked = checkResourceId(value);
      if (!checked.ok) {
        ctx.addIssue({ code: 'custom', message: `${what} id ${checked.problem}`, params: { rule: 'schema.resource-id' } });
        return;
      }
      if (!isResourceType(checked.resourceId, expectedType)) {
        const actual = `${checked.resourceId.provider}/${checked.resourceId.type}`;
        ctx.addIssue({
          code: 'custom',
          message: `is the id of a ${actual}; expected ${expectedType} (${what})`,
          params: { rule: 'schema.resource-type' },
        });
      }
    })
    .meta({ description: `Azure resource id of the ${what}: /subscriptions/<guid>/resourceGroups/<group>/providers/${expectedType}/<name>` });
}

/**
 * A 5-field cron expression (minute hour day month weekday). node-cron also accepts a leading seconds
 * field; we refuse it because drills and audits are scheduled in minutes and a 6-field string is far
 * more likely a mistake (`0 3 * * 1 *`) than an intent.
 */
export const cronExpression = z
  .string()
  .superRefine((value, ctx) => {
    const fields = value.trim().split(/\s+/).filter((field) => field !== '');
    if (fields.length !== 5) {
      ctx.addIssue({
        code: 'custom',
        message: `cron expression "${value}" has ${fields.length} field(s); expected 5 (minute hour day-of-month month day-of-week)`,
        params: { rule: 'schema.cron' },
      });
      return;
    }
    const detailed = validateDetailed(value.trim());
    if (!detailed.valid) {
      const why = detailed.errors.map((error) => error.message).join('; ');
      ctx.addIssue({ code: 'custom', message: `cron expression "${value}" is not valid: ${why}`, params: { rule: 'schema.cron' } });
    }
  })
  .meta({ description: 'Cron expression with 5 fields: minute hour day-of-month month day-of-week (UTC).' });

/** Kubernetes DNS-1123 label: namespaces, and names in this policy that become labels or ids. */
export const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit' });

/** Kubernetes object names (deployments, Velero schedules): DNS-1123 subdomain. */
export const dnsSubdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    error: 'must be a Kubernetes object name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  });

/** Azure region programmatic names are lower-case letters and digits (`westeurope`, `eastus2`). */
export const azureRegionName = z
  .string()
  .max(40)
  .regex(/^[a-z][a-z0-9]*$/, { error: 'must be an Azure region name such as westeurope or eastus2 (lower-case, no spaces)' });

/** AKS agent pool names: lower-case alphanumerics starting with a letter, at most 12 characters. */
export const agentPoolName = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,11}$/, { error: 'must be an AKS node pool name: lower-case letters and digits, starting with a letter, at most 12 characters' });

/** The NAME of an environment variable. Secrets never live in a policy that is reviewed and committed. */
export const environmentVariableName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, {
  error: 'must be the NAME of an environment variable (upper-case letters, digits, "_"), never the secret itself',
});

/** Whole numbers in a range; every duration field says its unit in its name. */
export function intIn(min: number, max: number) {
  return z.int().min(min).max(max);
}

/** A fraction 0..1, e.g. the share of nodes that must be Ready. */
export const ratio = z.number().min(0).max(1);
