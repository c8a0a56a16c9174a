// `aks`: the managed cluster as Azure Resource Manager sees it — provisioned and running.
import type { AksCluster } from '../core/ports/aks-port.js';
import type { ProbeVerdict, SignalProbe } from './signal-probe.js';

export function judgeAksCluster(cluster: AksCluster): ProbeVerdict {
  const ok = cluster.provisioningState === 'Succeeded' && cluster.powerState === 'Running';
  const state = `provisioningState ${cluster.provisioningState}, powerState ${cluster.powerState}`;
  return {
    ok,
    reason: ok ? `${cluster.name} Succeeded and Running (Kubernetes ${cluster.kubernetesVersion || 'unknown'})` : `${cluster.name}: ${state}`,
    detail: { provisioningState: cluster.provisioningState, powerState: cluster.powerState, kubernetesVersion: cluster.kubernetesVersion },
  };
}

export const aksProbe: SignalProbe<AksCluster> = {
  signal: 'aks',
  source: 'arm',
  key: ({ region }) => `arm:cluster:${region.cluster.toLowerCase()}`,
  fetch: ({ region, ports }, options) => ports.aks.getCluster(region.cluster, options),
  judge: (cluster) => judgeAksCluster(cluster),
};
