// ARM responses have the official examples' shape, field for field: every operation the lab serves
// replays its example's request and its answer is compared structurally (keys with their casing,
// JSON types, nesting, arrays by element shape) with the example's response body.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithShared } from '../fixtures/shared-files.js';
import { armCases, problemsOf, type ArmCase } from './conformance/arm-cases.js';
import { exampleFiles, exampleRequestBody, readExample } from './conformance/arm-examples.js';
import { armToken, rawRequest } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

let lab: ArmLab;
beforeAll(async () => {
  lab = await startArmLab();
});
afterAll(() => lab.close());

async function served(c: ArmCase): Promise<{ status: number; body: unknown }> {
  const example = readExample(c.example);
  const apiVersion = example.parameters['api-version'];
  const sendsBody = c.method === 'PUT' || c.method === 'PATCH';
  const body = sendsBody ? (c.body ? c.body(exampleRequestBody(example)) : exampleRequestBody(example)) : undefined;
  const headers: Record<string, string> = { authorization: `Bearer ${await armToken(lab)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const url = `${lab.ctx.urls.arm}${c.path(lab.ctx.world)}?api-version=${apiVersion}`;
  const response = await rawRequest(lab, url, { method: c.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: response.body };
}

describeWithShared(exampleFiles.map((f) => `contracts/azure/${f}`), 'ARM responses match the official examples', () => {
  for (const c of armCases) {
    it(`${c.operation} answers ${c.status} with the shape of ${c.example}`, async () => {
      const { status, body } = await served(c);
      expect(status, JSON.stringify(body)).toBe(c.status);
      expect(problemsOf(c, body)).toEqual([]);
    });
  }

  it('covers every example file', () => {
    expect(new Set(armCases.map((c) => c.example))).toEqual(new Set(exampleFiles));
  });
});
