// `/readyz`, `/livez` and `/healthz` as the API server answers them: `ok` (200, text/plain), or with
// `?verbose` the check list; a failing check answers 500 with the list and `… check failed`.
// `?exclude=<check>` and single checks (`/readyz/etcd`) are served too.
import { text, type LabReply } from '../http/handler.js';

export type HealthEndpoint = 'readyz' | 'livez' | 'healthz';

const postStartHooks = [
  'start-apiserver-admission-initializer',
  'generic-apiserver-start-informers',
  'priority-and-fairness-config-consumer',
  'priority-and-fairness-filter',
  'storage-object-count-tracker-hook',
  'start-apiextensions-informers',
  'start-apiextensions-controllers',
  'crd-informer-synced',
  'start-system-namespaces-controller',
  'bootstrap-controller',
  'rbac/bootstrap-roles',
  'scheduling/bootstrap-system-priority-classes',
  'apiservice-registration-controller',
  'apiservice-status-available-controller',
  'apiservice-discovery-controller',
  'kube-apiserver-autoregistration',
].map((hook) => `poststarthook/${hook}`);

const checks: Record<HealthEndpoint, string[]> = {
  readyz: ['ping', 'log', 'etcd', 'etcd-readiness', 'kms-providers', 'informer-sync', ...postStartHooks, 'autoregister-completion', 'shutdown'],
  livez: ['ping', 'log', 'etcd', 'kms-providers', ...postStartHooks, 'autoregister-completion'],
  healthz: ['ping', 'log', 'etcd', 'kms-providers', ...postStartHooks, 'autoregister-completion'],
};

export function isHealthEndpoint(segment: string | undefined): segment is HealthEndpoint {
  return segment === 'readyz' || segment === 'livez' || segment === 'healthz';
}

/**
 * Answer a health request. `failing` names checks that fail right now (e.g. `etcd` while the
 * API server is flaky); `single` is the check of `/readyz/{check}`.
 */
export function healthReply(endpoint: HealthEndpoint, url: URL, failing: readonly string[], single?: string): LabReply {
  const all = checks[endpoint];
  if (single !== undefined) {
    if (!all.includes(single)) return text(404, '404 page not found\n');
    return failing.includes(single) ? text(500, 'internal server error: reason withheld\n') : text(200, 'ok');
  }
  const excluded = new Set(url.searchParams.getAll('exclude'));
  const run = all.filter((c) => !excluded.has(c));
  const failed = run.some((c) => failing.includes(c));
  const verbose = url.searchParams.has('verbose');
  if (!failed && !verbose) return text(200, 'ok');
  const lines = run.map((c) => (failing.includes(c) ? `[-]${c} failed: reason withheld` : `[+]${c} ok`));
  for (const c of excluded) if (all.includes(c)) lines.push(`[+]${c} excluded: ok`);
  lines.push(`${endpoint} check ${failed ? 'failed' : 'passed'}`);
  return text(failed ? 500 : 200, `${lines.join('\n')}\n`);
}
