// Legacy (non-aggregated) discovery, built from the resource definitions: `/version`, `/api`,
// `/apis`, `/api/v1`, `/apis/{group}` and `/apis/{group}/{version}`. kubectl asks for aggregated
// discovery first and falls back to these plain documents (CONTRACTS §7.4).
import { json, type LabReply } from '../http/handler.js';
import type { ClusterState } from '../world/world.js';
import { groupVersion, type ResourceDef } from './resource-def.js';

export function versionInfo(cluster: ClusterState): Record<string, string> {
  const [major = '1', minor = '0'] = cluster.kubernetesVersion.split('.');
  return {
    major,
    minor,
    gitVersion: `v${cluster.kubernetesVersion}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T00:00:00Z',
    goVersion: 'go1.23.8',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function groupsOf(defs: readonly ResourceDef[]): Map<string, string> {
  // group -> version; the lab serves one version per group.
  const groups = new Map<string, string>();
  for (const def of defs) if (def.type.group !== '') groups.set(def.type.group, def.type.version);
  return groups;
}

function apiGroup(name: string, version: string): Record<string, unknown> {
  const gv = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [gv], preferredVersion: gv };
}

function resourceEntries(defs: readonly ResourceDef[]): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  for (const def of defs) {
    entries.push({
      name: def.type.plural,
      singularName: def.singular,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: [...def.verbs],
      ...(def.shortNames ? { shortNames: def.shortNames } : {}),
      ...(def.categories ? { categories: def.categories } : {}),
    });
    if (def.statusSubresource) {
      entries.push({ name: `${def.type.plural}/status`, singularName: '', namespaced: def.namespaced, kind: def.kind, verbs: ['get', 'patch', 'update'] });
    }
    if (def.subresources?.scale) {
      entries.push({ name: `${def.type.plural}/scale`, singularName: '', namespaced: def.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    }
  }
  return entries;
}

/** The discovery document for these path segments (below the cluster prefix), if it is one. */
export function discoveryReply(defs: readonly ResourceDef[], segments: readonly string[], serverAddress: string): LabReply | undefined {
  const path = segments.join('/');
  const groups = groupsOf(defs);
  if (path === 'api') {
    return json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] });
  }
  if (path === 'apis') {
    return json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups].map(([name, version]) => apiGroup(name, version)) });
  }
  if (path === 'api/v1') {
    return json(200, { kind: 'APIResourceList', groupVersion: 'v1', resources: resourceEntries(defs.filter((d) => d.type.group === '')) });
  }
  if (segments[0] === 'apis' && segments.length === 2) {
    const version = groups.get(segments[1] ?? '');
    return version ? json(200, { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(segments[1] ?? '', version) }) : undefined;
  }
  if (segments[0] === 'apis' && segments.length === 3) {
    const inGroup = defs.filter((d) => d.type.group === segments[1] && d.type.version === segments[2]);
    if (inGroup.length === 0) return undefined;
    return json(200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(inGroup[0] as ResourceDef), resources: resourceEntries(inGroup) });
  }
  return undefined;
}
