// The pure pieces of the lab's API server: selectors, patches, paths and ages.
import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatchError } from '../../src/lab/kube/json-patch.js';
import { mergePatch } from '../../src/lab/kube/request-body.js';
import { parseResourcePath } from '../../src/lab/kube/router.js';
import { metadataFieldLabels, parseFieldSelector, parseLabelSelector, SelectorError } from '../../src/lab/kube/selectors.js';
import { humanDuration } from '../../src/lab/kube/tables.js';
import type { KubeObject } from '../../src/lab/world/kube-store.js';

const anObject = (labels: Record<string, string>, name = 'a', namespace = 'shop'): KubeObject => ({ apiVersion: 'v1', kind: 'X', metadata: { name, namespace, labels } });

describe('label selectors', () => {
  const obj = anObject({ app: 'web', tier: 'front' });
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=web,tier=back', false],
    ['tier in (front, back)', true],
    ['tier notin (front)', false],
    ['app in (web),tier notin (back)', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['missing!=x', true],
    ['missing in (x)', false],
  ];
  for (const [selector, expected] of cases) {
    it(`"${selector}" ${expected ? 'matches' : 'does not match'} app=web,tier=front`, () => {
      expect(parseLabelSelector(selector)(obj)).toBe(expected);
    });
  }

  it('rejects a malformed key', () => {
    expect(() => parseLabelSelector('app=web,=x')).toThrow(SelectorError);
  });
});

describe('field selectors', () => {
  it('match metadata.name and metadata.namespace, negated too, and refuse unknown fields', () => {
    expect(parseFieldSelector('metadata.name=a,metadata.namespace=shop', metadataFieldLabels)(anObject({}))).toBe(true);
    expect(parseFieldSelector('metadata.namespace!=shop', metadataFieldLabels)(anObject({}))).toBe(false);
    expect(() => parseFieldSelector('spec.replicas=1', metadataFieldLabels)).toThrow('field label not supported: spec.replicas');
  });
});

describe('patches', () => {
  it('merge patch merges objects, replaces lists and deletes with null', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2], d: 1 }, { a: { b: 3 }, l: [9], d: null })).toEqual({ a: { b: 3, c: 2 }, l: [9] });
  });

  it('JSON patch applies add, replace, remove, move, copy and test', () => {
    const doc = { spec: { replicas: 1, containers: [{ name: 'a' }] }, metadata: { labels: { x: '1' } } };
    const result = applyJsonPatch(doc, [
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/spec/containers/-', value: { name: 'b' } },
      { op: 'add', path: '/metadata/labels/a~1b', value: '2' },
      { op: 'copy', from: '/metadata/labels/x', path: '/metadata/labels/y' },
      { op: 'move', from: '/metadata/labels/x', path: '/metadata/labels/z' },
      { op: 'remove', path: '/spec/containers/0' },
    ]);
    expect(result).toEqual({ spec: { replicas: 3, containers: [{ name: 'b' }] }, metadata: { labels: { 'a/b': '2', y: '1', z: '1' } } });
    expect(doc.spec.replicas).toBe(1);
  });

  it('JSON patch refuses a failed test and a missing path', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch({ a: 1 }, { op: 'add' })).toThrow(JsonPatchError);
  });
});

describe('resource paths', () => {
  it('resolve core, grouped, namespaced, cluster-scoped and subresource paths', () => {
    expect(parseResourcePath(['api', 'v1', 'nodes'])).toEqual({ group: '', version: 'v1', plural: 'nodes' });
    expect(parseResourcePath(['api', 'v1', 'namespaces', 'velero'])).toEqual({ group: '', version: 'v1', plural: 'namespaces', name: 'velero' });
    expect(parseResourcePath(['api', 'v1', 'namespaces', 'velero', 'status'])).toEqual({ group: '', version: 'v1', plural: 'namespaces', name: 'velero', subresource: 'status' });
    expect(parseResourcePath(['apis', 'apps', 'v1', 'namespaces', 'shop', 'deployments', 'web', 'scale'])).toEqual({
      group: 'apps',
      version: 'v1',
      namespace: 'shop',
      plural: 'deployments',
      name: 'web',
      subresource: 'scale',
    });
    expect(parseResourcePath(['apis', 'apps', 'v1', 'deployments'])).toEqual({ group: 'apps', version: 'v1', plural: 'deployments' });
    expect(parseResourcePath(['version'])).toBeUndefined();
  });
});

describe('ages', () => {
  it('read like kubectl prints them', () => {
    expect([30_000, 150_000, 600_000, 3 * 3600_000 + 20 * 60_000, 30 * 3600_000, 4 * 86_400_000 + 2 * 3600_000, 400 * 86_400_000].map(humanDuration)).toEqual([
      '30s',
      '2m30s',
      '10m',
      '3h20m',
      '30h',
      '4d2h',
      '400d',
    ]);
  });
});
