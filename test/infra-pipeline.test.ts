import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from './fixtures/shared-files.js';

// The official Azure Pipelines schema (draft-07) the editor tooling validates pipeline YAML with.
async function pipelineValidator(): Promise<ReturnType<Ajv['compile']>> {
  const schema = JSON.parse(await readFile(sharedPath('schemas/azure-pipelines.schema.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

describeWithShared(['schemas/azure-pipelines.schema.json'], 'the Azure DevOps step template', () => {
  it('is valid against the official Azure Pipelines schema', async () => {
    const validate = await pipelineValidator();
    const template = parse(await readFile('infra/azure-pipelines/aksdr-steps.yml', 'utf8')) as unknown;
    const valid = validate(template);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check is real: a step with an unknown key is rejected', async () => {
    const validate = await pipelineValidator();
    expect(validate({ steps: [{ script: 'true', notAStepKey: 1 }] })).toBe(false);
  });
});
