// The kustomize base of the service (infra/kubernetes/service), as `kubectl kustomize` renders it,
// checked against the Kubernetes OpenAPI models (kubernetes-models' validate()) and for what the
// service needs: 3 replicas spread over zones, probes on /healthz and /readyz, a read-only root, a
// PDB, a NetworkPolicy, workload identity, and policies in the ConfigMap that aksdr accepts.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hasErrors, parsePolicyText } from '../../src/policy/index.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const kubectl = '/usr/bin/kubectl';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

async function render(): Promise<Manifest[]> {
  const { stdout } = await promisify(execFile)(kubectl, ['kustomize', path.join(root, 'infra/kubernetes/service')]);
  return parseAllDocuments(stdout).map((doc) => doc.toJSON() as Manifest);
}

async function validate(manifest: Manifest): Promise<void> {
  const [group, version] = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/') : ['', manifest.apiVersion];
  const module = (await import(`kubernetes-models/${group ? `${group}/` : ''}${version}/${manifest.kind}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = module[manifest.kind];
  if (!Model) throw new Error(`no model for ${manifest.apiVersion} ${manifest.kind}`);
  new Model(manifest).validate();
}

describe.skipIf(!existsSync(kubectl))('the Kubernetes manifests of the service', () => {
  it('render with kustomize and validate against the Kubernetes OpenAPI models', async () => {
    const manifests = await render();
    expect(manifests.map((m) => m.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Namespace', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    for (const manifest of manifests) await validate(manifest);
  });

  it('run 3 replicas over zones with probes, a read-only root and workload identity', async () => {
    const manifests = await render();
    const deployment = manifests.find((m) => m.kind === 'Deployment') as unknown as { spec: { replicas: number; template: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string; topologySpreadConstraints: { topologyKey: string }[]; containers: { livenessProbe: { httpGet: { path: string } }; readinessProbe: { httpGet: { path: string } }; securityContext: { readOnlyRootFilesystem: boolean }; args: string[] }[] } } } };
    const pod = deployment.spec.template;
    const [container] = pod.spec.containers;
    expect(deployment.spec.replicas).toBe(3);
    expect(pod.spec.topologySpreadConstraints.map((c) => c.topologyKey)).toContain('topology.kubernetes.io/zone');
    expect(container?.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container?.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container?.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container?.args.slice(0, 3)).toEqual(['serve', '--policies', '/etc/aksdr/policies']);
    expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
    const account = manifests.find((m) => m.kind === 'ServiceAccount');
    expect(account?.metadata.name).toBe(pod.spec.serviceAccountName);
    expect(account?.metadata.annotations?.['azure.workload.identity/client-id']).toBeDefined();
    const service = manifests.find((m) => m.kind === 'Service') as unknown as { spec: { selector: Record<string, string> } };
    for (const [k, v] of Object.entries(service.spec.selector)) expect(pod.metadata.labels[k]).toBe(v);
  });

  it('ship policies in the ConfigMap that aksdr accepts', async () => {
    const configMap = (await render()).find((m) => m.kind === 'ConfigMap');
    const files = Object.entries(configMap?.data ?? {});
    expect(files.length).toBeGreaterThan(0);
    for (const [file, text] of files) expect(hasErrors(parsePolicyText(text, file).diagnostics)).toBe(false);
  });
});
