// Reads everything a lab cluster serves the way a client finds it: discovery names the kinds, then
// every kind's list, every object and every subresource (`/scale`) is fetched over HTTPS and
// checked with the validator for its apiVersion and kind. A kind without an official model is a
// problem too, so a kind the lab starts serving cannot slip past the conformance test.
import { expect } from 'vitest';
import type { ClusterState } from '../../../src/lab/world/world.js';
import type { KubeLab } from '../fixtures/kube-fixture.js';
import { rawRequest } from '../fixtures/kube-http.js';
import type { KindValidator } from './kube-validators.js';

interface Served {
  groupVersion: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  subresources: string[];
}

async function getJson(lab: KubeLab, cluster: ClusterState, path: string): Promise<Record<string, unknown>> {
  const response = await rawRequest(lab, cluster, path);
  expect(response.status, `GET ${path}`).toBe(200);
  return response.json() as Record<string, unknown>;
}

/** The kinds the cluster's discovery documents announce, with their subresources. */
async function servedKinds(lab: KubeLab, cluster: ClusterState): Promise<Served[]> {
  const groups = (await getJson(lab, cluster, '/apis')).groups as { preferredVersion: { groupVersion: string } }[];
  const groupVersions = ['v1', ...groups.map((g) => g.preferredVersion.groupVersion)];
  const served: Served[] = [];
  for (const gv of groupVersions) {
    const list = await getJson(lab, cluster, gv === 'v1' ? '/api/v1' : `/apis/${gv}`);
    const resources = list.resources as { name: string; kind: string; namespaced: boolean; verbs: string[] }[];
    for (const r of resources.filter((r) => !r.name.includes('/') && r.verbs.includes('list'))) {
      const subresources = resources.filter((s) => s.name.startsWith(`${r.name}/`) && s.verbs.includes('get')).map((s) => s.name.slice(r.name.length + 1));
      served.push({ groupVersion: gv, plural: r.name, kind: r.kind, namespaced: r.namespaced, subresources });
    }
  }
  return served;
}

function base(gv: string): string {
  return gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
}

function itemPath(kind: Served, item: { metadata: { name: string; namespace?: string } }, subresource?: string): string {
  const ns = kind.namespaced ? `/namespaces/${item.metadata.namespace ?? ''}` : '';
  return `${base(kind.groupVersion)}${ns}/${kind.plural}/${item.metadata.name}${subresource ? `/${subresource}` : ''}`;
}

/**
 * Kinds the lab serves whose official model is not among the shared contracts: Velero's DownloadRequest
 * (its CRD is not in ../shared/contracts/velero). The lab checks the CRD's required fields and enums
 * itself (src/lab/kube/velero-api.ts); docs/LAB.md says so.
 */
const withoutSharedContract = new Set(['velero.io/v1/DownloadRequest', 'velero.io/v1/DownloadRequestList']);

function check(validators: Map<string, KindValidator>, key: string, obj: unknown, where: string): string[] {
  const validator = validators.get(key);
  if (!validator && withoutSharedContract.has(key)) return [];
  if (!validator) return [`${where}: no official model for ${key}`];
  return validator(obj).map((p) => `${where}: ${p}`);
}

/** Lists, objects and subresources of every served kind in one cluster; returns every problem and a count. */
export async function validateCluster(lab: KubeLab, cluster: ClusterState, validators: Map<string, KindValidator>): Promise<{ problems: string[]; objects: number }> {
  const problems: string[] = [];
  let objects = 0;
  for (const kind of await servedKinds(lab, cluster)) {
    // An error answers with a Status object: a name that does not exist, a caller without a token.
    const missingPath = itemPath(kind, { metadata: { name: 'no-such-object', namespace: 'default' } });
    for (const [path, token] of [[missingPath, undefined], [missingPath, null]] as const) {
      const response = await rawRequest(lab, cluster, path, { token });
      problems.push(...check(validators, 'v1/Status', response.json(), `${cluster.name} ${response.status} ${path}`));
    }
    const list = await getJson(lab, cluster, `${base(kind.groupVersion)}/${kind.plural}`);
    problems.push(...check(validators, `${kind.groupVersion}/${kind.kind}List`, list, `${cluster.name} ${kind.plural} list`));
    for (const item of list.items as { metadata: { name: string; namespace?: string } }[]) {
      const path = itemPath(kind, item);
      problems.push(...check(validators, `${kind.groupVersion}/${kind.kind}`, await getJson(lab, cluster, path), `${cluster.name} ${path}`));
      objects += 1;
      for (const sub of kind.subresources.filter((s) => s !== 'status')) {
        const doc = await getJson(lab, cluster, itemPath(kind, item, sub));
        problems.push(...check(validators, `${String(doc.apiVersion)}/${String(doc.kind)}`, doc, `${cluster.name} ${path}/${sub}`));
        objects += 1;
      }
    }
  }
  return { problems, objects };
}
