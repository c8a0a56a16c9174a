// /readyz: ready when the state store answers, the policies folder loaded at least one policy, and
// every lease this replica holds or seeks is being renewed. Details say what is not, so a person
// reading the probe's output knows where to look (invalid policy files are listed, not fatal).
import type { AppDependencies } from './app.js';

export interface ReadinessView {
  ready: boolean;
  replica: string;
  checks: { name: string; ok: boolean; detail?: unknown }[];
}

export async function readiness(deps: AppDependencies): Promise<ReadinessView> {
  const status = deps.service.status();
  const storeCheck = await deps.store
    .load('service.replicas')
    .then(() => ({ name: 'state-store', ok: true }))
    .catch((error: unknown) => ({ name: 'state-store', ok: false, detail: error instanceof Error ? error.message.split('\n')[0] : 'unreachable' }));
  const loaded = { name: 'policies-loaded', ok: status.started && status.policies.length > 0, detail: { running: status.policies.map((p) => p.name), invalidFiles: status.loadErrors, notStarted: status.startErrors } };
  const notRenewing = status.policies.filter((p) => !p.leaseRenewing);
  const leases = { name: 'leases-renewing', ok: notRenewing.length === 0, ...(notRenewing.length ? { detail: notRenewing.map((p) => ({ policy: p.name, error: p.leaseError })) } : {}) };
  const checks = [storeCheck, loaded, leases];
  return { ready: checks.every((c) => c.ok), replica: status.replica, checks };
}
