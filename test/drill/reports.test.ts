import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { azureDevOpsCommands, escapeVso } from '../../src/drill/report/azure-devops-report.js';
import { renderJUnit } from '../../src/drill/report/junit-report.js';
import { renderMarkdown } from '../../src/drill/report/markdown-report.js';
import { renderText } from '../../src/drill/report/text-report.js';
import { aReport, aStep } from './support/a-report.js';

interface JUnitCase {
  name: string;
  classname: string;
  time: string;
  failure?: { message: string; '#text'?: string };
  skipped?: { message: string };
}
interface JUnit {
  testsuites: { tests: string; failures: string; testsuite: { name: string; tests: string; failures: string; skipped: string; testcase: JUnitCase[] } };
}

const parse = (xml: string): JUnit => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, isArray: (name) => name === 'testcase' }).parse(xml) as JUnit;

describe('the JUnit report', () => {
  it('has one test case per step and per objective, a failed step as a failure, a skipped one skipped', () => {
    const report = aReport({
      result: 'failed',
      steps: [aStep('readiness.acrReplication'), aStep('failover', 'failed', 'restore ended Failed', { phase: 'Failed' }), aStep('failback', 'skipped', 'the drill was aborted')],
    });
    const xml = renderJUnit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = parse(xml).testsuites.testsuite;
    expect(suite.tests).toBe('5');
    expect(suite.failures).toBe('1');
    expect(suite.skipped).toBe('1');
    expect(suite.testcase.map((c) => c.name)).toEqual(['readiness.acrReplication', 'failover', 'failback', 'objective.rto', 'objective.rpo']);
    expect(suite.testcase[1]?.failure?.message).toBe('restore ended Failed');
    expect(suite.testcase[1]?.failure?.['#text']).toContain('"phase": "Failed"');
    expect(suite.testcase[2]?.skipped?.message).toBe('the drill was aborted');
    expect(suite.testcase[0]?.time).toBe('1.500');
    expect(suite.testcase[0]?.classname).toBe('aksdr.drill.shop.live');
  });

  it('a missed objective is a failed test case, so the published run fails too', () => {
    const report = aReport({ result: 'failed', rto: { basis: 'measured', objectiveMinutes: 5, measuredSeconds: 900, met: false, note: 'RTO measured 15 min MISSES the objective of 5 min' } });
    const rto = parse(renderJUnit(report)).testsuites.testsuite.testcase.find((c) => c.name === 'objective.rto');
    expect(rto?.failure?.message).toBe('RTO measured 15 min MISSES the objective of 5 min');
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    const nasty = 'a <b> & "c" \'d\' \u0001e';
    const xml = renderJUnit(aReport({ result: 'failed', steps: [aStep('x', 'failed', nasty)] }));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parse(xml).testsuites.testsuite.testcase[0]?.failure?.message).toBe('a <b> & "c" \'d\' e');
  });
});

describe('the Markdown report', () => {
  it('shows the result, every step and the objectives, and a pipe in a reason does not break the table', () => {
    const md = renderMarkdown(aReport({ steps: [aStep('failover', 'passed', 'a | b\nc')] }));
    expect(md).toContain('## DR drill shop-drill-live-20261201T000000Z: ✅ passed');
    expect(md).toContain('| ✅ | failover | 2026-12-01T00:00:00.000Z | 1.5 s | a \\| b c |');
    expect(md).toContain('| RTO | 5 min | 6 s (measured) | yes |');
  });
});

describe('the text report', () => {
  it('says the result first, then each step and the objectives', () => {
    const text = renderText(aReport({ overrides: ['failback-hold-down'] }));
    expect(text.split('\n')[0]).toBe('drill shop-drill-live-20261201T000000Z: live of shop against northeurope — PASSED');
    expect(text).toMatch(/ok {3}failover\s+1\.5 s {2}fine/);
    expect(text).toContain('overridden for the drill (audited): failback-hold-down');
  });
});

describe('Azure Pipelines logging commands', () => {
  it('turn a failed step into an error, the measures into output variables, and upload the summary', () => {
    const report = aReport({ result: 'failed', steps: [aStep('restore', 'failed', 'ended Failed;\nstorage]')] });
    const lines = azureDevOpsCommands(report, '/tmp/summary.md');
    expect(lines).toEqual([
      '##vso[task.logissue type=error]drill shop-drill-live-20261201T000000Z: step restore failed: ended Failed;%0Astorage]',
      '##vso[task.setvariable variable=drillResult;isOutput=true]failed',
      '##vso[task.setvariable variable=drillId;isOutput=true]shop-drill-live-20261201T000000Z',
      '##vso[task.setvariable variable=drillRtoSeconds;isOutput=true]6',
      '##vso[task.setvariable variable=drillRpoSeconds;isOutput=true]57',
      '##vso[task.uploadsummary]/tmp/summary.md',
    ]);
  });

  it('escape property values so a value cannot end the command early', () => {
    expect(escapeVso('a;b]c%d\r\n')).toBe('a%3Bb%5Dc%AZP25d%0D%0A');
  });
});
