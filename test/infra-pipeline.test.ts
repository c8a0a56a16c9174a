import { readdir, readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from './fixtures/shared-files.js';

const folder = 'infra/azure-pipelines';

// The official Azure Pipelines schema (draft-07) the editor tooling validates pipeline YAML with.
async function pipelineValidator(): Promise<ReturnType<Ajv['compile']>> {
  const schema = JSON.parse(await readFile(sharedPath('schemas/azure-pipelines.schema.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

async function pipelineFiles(): Promise<string[]> {
  return (await readdir(folder)).filter((file) => file.endsWith('.yml') || file.endsWith('.yaml')).sort();
}

async function load(file: string): Promise<Record<string, unknown>> {
  return parse(await readFile(`${folder}/${file}`, 'utf8')) as Record<string, unknown>;
}

describeWithShared(['schemas/azure-pipelines.schema.json'], 'the Azure DevOps pipeline files', () => {
  it('are each valid against the official Azure Pipelines schema', async () => {
    const validate = await pipelineValidator();
    const files = await pipelineFiles();
    expect(files).toEqual(['aksdr-drill-steps.yml', 'aksdr-gated-deployment.yml', 'aksdr-scheduled-drills.yml', 'aksdr-steps.yml']);
    for (const file of files) {
      const valid = validate(await load(file));
      expect({ file, errors: validate.errors ?? [] }).toEqual({ file, errors: [] });
      expect(valid).toBe(true);
    }
  });

  it('the schema check is real: a step with an unknown key is rejected', async () => {
    const validate = await pipelineValidator();
    expect(validate({ steps: [{ script: 'true', notAStepKey: 1 }] })).toBe(false);
  });
});

// What the files must say, whatever the schema allows: read as data, not as text.
interface Step {
  task?: string;
  name?: string;
  condition?: string;
  inputs?: Record<string, unknown>;
  script?: string;
  template?: string;
  parameters?: Record<string, unknown>;
}

describe('the drill steps template', () => {
  it('takes the policy, the mode, the Azure service connection and the aksdr version', async () => {
    const template = await load('aksdr-drill-steps.yml');
    const names = (template.parameters as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['policy', 'mode', 'azureServiceConnection', 'aksdrVersion']));
    const mode = (template.parameters as { name: string; values?: string[] }[]).find((p) => p.name === 'mode');
    expect(mode?.values).toEqual(['dry-run', 'restore-test', 'live']);
  });

  it('runs the drill in AzureCLI@2 with the service connection and publishes the JUnit report even when it failed', async () => {
    const steps = (await load('aksdr-drill-steps.yml')).steps as Step[];
    const drill = steps.find((s) => s.task === 'AzureCLI@2');
    expect(drill?.inputs?.azureSubscription).toBe('${{ parameters.azureServiceConnection }}');
    expect(String(drill?.inputs?.inlineScript)).toMatch(/aksdr drill .*--mode \$\{\{ parameters\.mode \}\}.*--report "\$\(Common\.TestResultsDirectory\)\/aksdr-drill-\$\{\{ parameters\.mode \}\}\.xml" --format junit/s);
    expect(drill?.name).toBe('aksdrDrill');
    const publish = steps.find((s) => s.task === 'PublishTestResults@2');
    expect(publish?.condition).toBe('succeededOrFailed()');
    expect(publish?.inputs?.testResultsFormat).toBe('JUnit');
  });
});

describe('the example pipelines', () => {
  it('drill weekly with a restore test and monthly live behind an environment approval', async () => {
    const pipeline = await load('aksdr-scheduled-drills.yml');
    expect((pipeline.schedules as { cron: string; displayName: string }[]).map((s) => `${s.cron} ${s.displayName}`)).toEqual(['0 3 * * 1 Weekly restore test', '0 4 1 * * Monthly live drill']);
    const stages = pipeline.stages as { stage: string; jobs: { deployment?: string; environment?: string; strategy?: { runOnce: { deploy: { steps: Step[] } } } }[] }[];
    const live = stages.find((s) => s.stage === 'LiveDrill')?.jobs[0];
    expect(live?.environment).toBe('dr-live-drills');
    expect(live?.strategy?.runOnce.deploy.steps.find((s) => s.template)?.parameters?.mode).toBe('live');
  });

  it('gate a deployment stage on aksdr check', async () => {
    const stages = (await load('aksdr-gated-deployment.yml')).stages as { stage: string; dependsOn?: string; condition?: string; jobs: { steps?: Step[] }[] }[];
    const gate = stages.find((s) => s.stage === 'DrReadiness');
    expect(gate?.jobs[0]?.steps?.find((s) => s.task === 'AzureCLI@2')?.inputs?.inlineScript).toMatch(/^aksdr check /);
    expect(stages.find((s) => s.stage === 'Deploy')).toMatchObject({ dependsOn: 'DrReadiness', condition: 'succeeded()' });
  });
});
