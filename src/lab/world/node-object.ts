// A Node as an AKS node pool's kubelet registers it: the VM scale set instance's providerID, the
// AKS node image's nodeInfo (Ubuntu 22.04, containerd, the azure kernel), capacity and allocatable
// from the VM size minus AKS's kube and eviction reservations, the four kubelet conditions with
// times, and the addresses the Azure cloud provider writes. Values follow what `kubectl get node -o
// json` shows on an AKS 1.32 cluster; the Kubernetes OpenAPI requires every nodeInfo field.
import { createHash } from 'node:crypto';
import type { KubeObject } from './kube-store.js';

export interface NodeSource {
  subscriptionId: string;
  clusterName: string;
  region: string;
  nodeResourceGroup: string;
  kubernetesVersion: string;
  pool: { name: string; vmSize: string; mode: 'System' | 'User' };
  /** Position of the VM in the scale set. */
  index: number;
  createdAt: string;
}

interface VmShape {
  cpu: number;
  memoryKi: number;
  allocatableCpuMilli: number;
  allocatableMemoryKi: number;
  maxPods: number;
}

// Capacity of the sizes the lab uses; allocatable = capacity minus AKS's kube-reserved CPU and
// memory (AKS 1.29+: 20 MB per pod + 50 MB, eviction threshold 100Mi), as measured on real nodes.
const vmShapes: Record<string, VmShape> = {
  Standard_D4ds_v5: { cpu: 4, memoryKi: 16_375_328, allocatableCpuMilli: 3860, allocatableMemoryKi: 12_880_928, maxPods: 250 },
  Standard_D8ds_v5: { cpu: 8, memoryKi: 32_863_064, allocatableCpuMilli: 7820, allocatableMemoryKi: 28_546_904, maxPods: 250 },
};
const fallbackShape: VmShape = { cpu: 2, memoryKi: 8_141_532, allocatableCpuMilli: 1900, allocatableMemoryKi: 5_778_652, maxPods: 250 };

/** AKS names scale sets `aks-{pool}-{8 digits}-vmss`; the digits come from a hash of the cluster. */
export function scaleSetName(source: Pick<NodeSource, 'clusterName' | 'pool'>): string {
  const digits = parseInt(hex(source.clusterName).slice(0, 8), 16) % 100_000_000;
  return `aks-${source.pool.name}-${String(digits).padStart(8, '0')}-vmss`;
}

/** The node name: the scale set name plus the instance id in base 36, six wide. */
export function nodeName(source: Pick<NodeSource, 'clusterName' | 'pool' | 'index'>): string {
  return `${scaleSetName(source)}${source.index.toString(36).padStart(6, '0')}`;
}

function hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function uuidFrom(text: string): string {
  const h = hex(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The kubelet's Ready condition while the node bootstraps (the CNI is not up yet). */
export const notReadyCondition = {
  reason: 'KubeletNotReady',
  message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
};
export const readyCondition = { reason: 'KubeletReady', message: 'kubelet is posting ready status' };
/** The node lifecycle controller's taint on a node that is not Ready. */
export const notReadyTaintKey = 'node.kubernetes.io/not-ready';

/** A node as its kubelet registers it: Ready, or (`ready: false`) still booting, NotReady and tainted. */
export function nodeObject(source: NodeSource, { ready = true }: { ready?: boolean } = {}): KubeObject {
  const name = nodeName(source);
  const shape = vmShapes[source.pool.vmSize] ?? fallbackShape;
  const version = `v${source.kubernetesVersion}`;
  const since = source.createdAt.replace(/\.\d{3}Z$/, 'Z');
  const condition = (type: string, status: string, reason: string, message: string): Record<string, unknown> => ({
    type,
    status,
    lastHeartbeatTime: since,
    lastTransitionTime: since,
    reason,
    message,
  });
  const scaleSet = scaleSetName(source);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        agentpool: source.pool.name,
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.azure.com/agentpool': source.pool.name,
        'kubernetes.azure.com/cluster': source.nodeResourceGroup,
        'kubernetes.azure.com/mode': source.pool.mode.toLowerCase(),
        'kubernetes.azure.com/node-image-version': 'AKSUbuntu-2204gen2containerd-202504.22.0',
        'kubernetes.azure.com/os-sku': 'Ubuntu',
        'kubernetes.azure.com/role': 'agent',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': source.pool.vmSize,
        'topology.kubernetes.io/region': source.region,
        'topology.kubernetes.io/zone': '0',
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: `10.244.${source.index}.0/24`,
      podCIDRs: [`10.244.${source.index}.0/24`],
      providerID: `azure:///subscriptions/${source.subscriptionId}/resourceGroups/${source.nodeResourceGroup.toLowerCase()}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet}/virtualMachines/${source.index}`,
      ...(ready ? {} : { taints: [{ key: notReadyTaintKey, effect: 'NoSchedule', timeAdded: since }] }),
    },
    status: {
      capacity: { cpu: String(shape.cpu), 'ephemeral-storage': '129886128Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${shape.memoryKi}Ki`, pods: String(shape.maxPods) },
      allocatable: { cpu: `${shape.allocatableCpuMilli}m`, 'ephemeral-storage': '119703055367', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${shape.allocatableMemoryKi}Ki`, pods: String(shape.maxPods) },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        ready ? condition('Ready', 'True', readyCondition.reason, readyCondition.message) : condition('Ready', 'False', notReadyCondition.reason, notReadyCondition.message),
      ],
      addresses: [
        { type: 'InternalIP', address: `10.224.${Math.floor(source.index / 250)}.${4 + (source.index % 250)}` },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hex(`${name}/machine`).slice(0, 32),
        systemUUID: uuidFrom(`${name}/system`),
        bootID: uuidFrom(`${name}/boot`),
        kernelVersion: '5.15.0-1084-azure',
        osImage: 'Ubuntu 22.04.5 LTS',
        containerRuntimeVersion: 'containerd://1.7.27-1',
        kubeletVersion: version,
        kubeProxyVersion: version,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}
