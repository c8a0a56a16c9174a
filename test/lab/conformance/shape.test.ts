// The shape comparator finds what the conformance tests rely on it to find: a field left out, a
// field of another JSON type, a key in another casing, a field the reference does not have.
import { describe, expect, it } from 'vitest';
import { compareShape } from './shape.js';

const reference = {
  id: '/subscriptions/x',
  properties: {
    count: 3,
    creationDate: '2021-06-15T21:38:26.1537861Z',
    status: null,
    tags: { key: 'value' },
    endpoints: [{ name: 'a', properties: { weight: 1 } }],
    ipRules: [],
  },
};
const served = structuredClone(reference);

describe('compareShape', () => {
  it('finds nothing when the shapes agree, whatever the values', () => {
    const other = { id: 'y', properties: { count: 9, creationDate: '2026-01-01T00:00:00Z', status: { displayStatus: 'Ready' }, tags: { a: 'b', c: 'd' }, endpoints: [{ name: 'b', properties: { weight: 5 } }], ipRules: [{ value: '1.2.3.4' }] } };
    expect(compareShape(reference, served, { mapKeys: ['tags'] })).toEqual([]);
    expect(compareShape(reference, other, { mapKeys: ['tags'] })).toEqual([]);
  });

  it('reports a field the served document leaves out, at any depth', () => {
    const missing = structuredClone(served) as { properties: { endpoints: { properties: Record<string, unknown> }[]; count?: number } };
    delete missing.properties.count;
    delete missing.properties.endpoints[0]?.properties.weight;
    expect(compareShape(reference, missing).map((p) => [p.problem, p.path])).toEqual([
      ['missing', 'properties.count'],
      ['missing', 'properties.endpoints[0].properties.weight'],
    ]);
  });

  it('reports a field of another type: a number as a string, a date-time as plain text, an object as an array', () => {
    const changed = { ...structuredClone(served), properties: { ...structuredClone(served.properties), count: '3', creationDate: 'yesterday', endpoints: {} } };
    expect(compareShape(reference, changed).map((p) => [p.path, p.detail])).toEqual([
      ['properties.count', 'string where the reference has integer'],
      ['properties.creationDate', 'string where the reference has date-time'],
      ['properties.endpoints', 'object where the reference has array'],
    ]);
  });

  it('reports a key in another casing, and one the reference does not have unless listed with its source', () => {
    const extra = { ...structuredClone(served), properties: { ...structuredClone(served.properties), Count: 3, zones: ['1'] } };
    expect(compareShape(reference, extra).map((p) => [p.problem, p.path, p.detail])).toEqual([
      ['extra', 'properties.Count', 'casing: the reference writes count'],
      ['extra', 'properties.zones', 'not in the reference (list it in alsoServed with its source)'],
    ]);
    expect(compareShape(reference, extra, { alsoServed: { 'properties.Count': 'x', 'properties.zones': 'y' } })).toEqual([]);
  });

  it('lets a listed field be absent only with a reason', () => {
    const without = { id: 'x', properties: { ...structuredClone(served.properties), status: undefined } } as Record<string, unknown>;
    delete (without.properties as Record<string, unknown>).ipRules;
    expect(compareShape(reference, without).map((p) => p.path)).toEqual(['properties.ipRules']);
    expect(compareShape(reference, without, { mayOmit: { 'properties.ipRules': 'none configured' } })).toEqual([]);
  });
});
