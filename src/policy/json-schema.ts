// The JSON Schema of the policy format, derived from the zod schema. Editors use it (via the
// `# yaml-language-server: $schema=./schema.json` modeline) for completion and early red squiggles.
// Cross-field rules are not in it: `aksdr policy validate` remains the authority.
import { z } from 'zod';
import { failoverPolicySchema } from './schema.js';

export const POLICY_SCHEMA_ID = 'https://aksdr.dev/schemas/failover-policy.v1alpha1.json';

export function buildPolicyJsonSchema(): Record<string, unknown> {
  // `input`: what a person writes, so defaulted fields are optional (the output view would demand them).
  const schema = z.toJSONSchema(failoverPolicySchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return { ...schema, $id: POLICY_SCHEMA_ID };
}

/** Stable text of the schema file, ending in a newline, so regeneration produces no diff. */
export function renderPolicyJsonSchema(): string {
  return `${JSON.stringify(buildPolicyJsonSchema(), null, 2)}\n`;
}
