// How AKS's long-running operations fail in a region under the lab's AKS faults, with the error
// codes and wording AKS uses in the failed operation's status document:
// - aks-quota-exceeded: the subscription's regional vCPU quota for the VM family is used up, so a
//   create or scale-up fails preflight with QuotaExceeded;
// - aks-allocation-failed: the region has no capacity for the VM size, so adding nodes fails with
//   AllocationFailed (the pool ends Failed and keeps its old size);
// - aks-operation-in-progress: AKS is running an operation of its own on the cluster (a node-image
//   auto-upgrade), so any write is refused at once with 409 OperationNotAllowed.
import type { LabContext } from '../context.js';
import type { AgentPoolState, ClusterState } from '../world/world.js';
import { nodeResourceGroupOf } from '../world/world.js';
import { ArmError } from './errors.js';

const vCpusBySize: Record<string, number> = { Standard_D4ds_v5: 4, Standard_D8ds_v5: 8 };

/** The error a growing pool's operation ends with under a capacity fault, if one fires. */
export function capacityFailure(ctx: LabContext, cluster: ClusterState, pool: AgentPoolState, count: number): ArmError | undefined {
  if (ctx.faults.fires(cluster.region, 'aks-quota-exceeded')) {
    const perNode = vCpusBySize[pool.vmSize] ?? 2;
    const usage = cluster.agentPools.reduce((sum, p) => sum + p.count * (vCpusBySize[p.vmSize] ?? 2), 0);
    const required = (count - pool.count) * perNode;
    return new ArmError(
      400,
      'QuotaExceeded',
      `Preflight validation check for resource(s) for container service ${cluster.name} in resource group ${nodeResourceGroupOf(cluster)} failed. Message: Operation could not be completed as it results in exceeding approved standardDDSv5Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: ${cluster.region}, Current Limit: ${usage}, Current Usage: ${usage}, Additional Required: ${required}, (Minimum) New Limit Required: ${usage + required}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/per-vm-quota-requests`,
    );
  }
  if (ctx.faults.fires(cluster.region, 'aks-allocation-failed')) {
    return new ArmError(
      400,
      'AllocationFailed',
      `Allocation failed. We do not have sufficient capacity for the requested VM size ${pool.vmSize} in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance`,
    );
  }
  return undefined;
}

/** AKS's own operation on the cluster blocks the caller's, as a second caller's would. */
export function platformOperationConflict(ctx: LabContext, cluster: ClusterState): ArmError | undefined {
  if (!ctx.faults.fires(cluster.region, 'aks-operation-in-progress')) return undefined;
  return new ArmError(
    409,
    'OperationNotAllowed',
    `Operation is not allowed because there's an in progress upgrade node image version operation on managed cluster '${cluster.name}'. Please wait for it to finish before starting a new operation.`,
  );
}
