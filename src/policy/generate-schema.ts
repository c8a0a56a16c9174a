// Writes policies/schema.json from the zod schema. Run with `npm run gen:schema`
// (`tsx src/policy/generate-schema.ts`); a test fails when the committed file is stale.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderPolicyJsonSchema } from './json-schema.js';

const target = fileURLToPath(new URL('../../policies/schema.json', import.meta.url));
await writeFile(target, renderPolicyJsonSchema(), 'utf8');
process.stdout.write(`wrote ${target}\n`);
