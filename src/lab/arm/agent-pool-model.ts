// How AKS reads an agent-pool PUT: a full replace. Fields the caller leaves out take AKS's
// defaults (a PUT without `enableAutoScaling` turns the autoscaler off, without `nodeLabels` drops
// the labels, without `count` asks for 1 node), except the ones AKS cannot change on an existing
// pool (vmSize, osType, zones, …), which keep their value when omitted and are refused when changed.
// The autoscaler settings are checked the way AKS checks them and honoured: the pool's node count
// stays within [minCount, maxCount]. Source: the AgentPool model of the AKS REST API
// (Microsoft.ContainerService/aks/stable/2026-06-01, ManagedClusterAgentPoolProfileProperties)
// and its AgentPoolsCreate_Update / AgentPools_Get examples.
import type { AgentPoolState } from '../world/world.js';
import { ArmError } from './errors.js';
import { isRecord, type JsonObject } from './merge.js';

/** Immutable after creation: omitted means "keep", a different value is PropertyChangeNotAllowed. */
const immutable = ['vmSize', 'osType', 'osSKU', 'osDiskSizeGB', 'osDiskType', 'kubeletDiskType', 'maxPods', 'availabilityZones', 'type', 'scaleSetPriority', 'scaleSetEvictionPolicy', 'enableFIPS', 'enableNodePublicIP'] as const;

/** Mutable settings the caller may send; omitted means AKS's default (absent). */
const mutable = ['tags', 'nodeLabels', 'nodeTaints', 'upgradeSettings', 'orchestratorVersion', 'enableAutoScaling', 'minCount', 'maxCount'] as const;

/** What a pool reads back with when the caller never set a field. */
export const poolDefaults: JsonObject = {
  vmSize: 'Standard_D4ds_v5',
  osDiskSizeGB: 128,
  osDiskType: 'Ephemeral',
  kubeletDiskType: 'OS',
  maxPods: 250,
  type: 'VirtualMachineScaleSets',
  enableAutoScaling: false,
  enableNodePublicIP: false,
  osType: 'Linux',
  osSKU: 'Ubuntu',
  upgradeSettings: { maxSurge: '10%' },
  enableFIPS: false,
};

export function invalidParameter(field: string, detail?: string): ArmError {
  const message = `The value of parameter agentPoolProfile.${field} is invalid.${detail ? ` ${detail}` : ''} Please see https://aka.ms/aks-naming-rules for more details.`;
  return new ArmError(400, 'InvalidParameter', message, {}, `agentPoolProfile.${field}`);
}

export interface DesiredPool {
  mode: 'System' | 'User';
  count: number;
  vmSize: string;
  settings: JsonObject;
}

function isWholeNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** The pool a PUT body asks for, given the pool as it is (undefined when creating). */
export function desiredPool(props: JsonObject, existing: AgentPoolState | undefined): DesiredPool {
  const settings: JsonObject = {};
  for (const field of immutable) {
    // What the pool has now: its own setting, or the default it was created with.
    const before = existing ? (existing.settings[field] ?? (field === 'vmSize' ? existing.vmSize : poolDefaults[field])) : undefined;
    const sent = props[field];
    if (existing && sent !== undefined && sent !== null && before !== undefined && JSON.stringify(sent) !== JSON.stringify(before)) {
      throw new ArmError(400, 'PropertyChangeNotAllowed', `Changing property '${field}' is not allowed.`, {}, field);
    }
    const value = sent ?? existing?.settings[field];
    if (value !== undefined && value !== null && field !== 'vmSize') settings[field] = structuredClone(value);
  }
  for (const field of mutable) {
    if (props[field] !== undefined && props[field] !== null) settings[field] = structuredClone(props[field]);
  }
  if (settings.orchestratorVersion === '') delete settings.orchestratorVersion;
  for (const field of ['tags', 'nodeLabels'] as const) {
    if (settings[field] !== undefined && !isRecord(settings[field])) throw invalidParameter(field, 'It must be an object of string values.');
  }
  if (settings.nodeTaints !== undefined && !(Array.isArray(settings.nodeTaints) && settings.nodeTaints.every((t) => typeof t === 'string' && /^[^=:]+(=[^:]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$/.test(t)))) {
    throw invalidParameter('nodeTaints', "Taints must look like 'key=value:NoSchedule'.");
  }

  const modeInput = props.mode ?? 'User';
  const mode = typeof modeInput === 'string' ? (['System', 'User'] as const).find((m) => m.toLowerCase() === modeInput.toLowerCase()) : undefined;
  if (!mode) throw invalidParameter('mode', "The mode must be 'System' or 'User'.");
  const floor = mode === 'System' ? 1 : 0;
  const count = autoscaledCount(props, settings, existing, floor);
  if (!isWholeNumberIn(count, 0, 1000)) throw invalidParameter('count', 'The count must be an integer between 0 and 1000.');
  if (mode === 'System' && count === 0) throw invalidParameter('count', 'A System agent pool must have at least 1 node; only User agent pools can scale to 0.');
  const vmSize = typeof props.vmSize === 'string' ? props.vmSize : (existing?.vmSize ?? String(poolDefaults.vmSize));
  return { mode, count, vmSize, settings };
}

/** The count AKS settles on: as asked without the autoscaler; within [minCount, maxCount] with it. */
function autoscaledCount(props: JsonObject, settings: JsonObject, existing: AgentPoolState | undefined, floor: number): unknown {
  if (settings.enableAutoScaling !== true) {
    if (settings.minCount !== undefined || settings.maxCount !== undefined) {
      throw invalidParameter('minCount', 'minCount and maxCount can only be set when enableAutoScaling is true.');
    }
    delete settings.enableAutoScaling;
    return props.count ?? 1;
  }
  const { minCount, maxCount } = settings;
  if (!isWholeNumberIn(minCount, floor, 1000)) throw invalidParameter('minCount', `minCount must be an integer between ${floor} and 1000 when enableAutoScaling is true.`);
  if (!isWholeNumberIn(maxCount, minCount, 1000)) throw invalidParameter('maxCount', 'maxCount must be an integer not less than minCount and at most 1000.');
  const asked = props.count;
  if (asked !== undefined && asked !== null && !isWholeNumberIn(asked, 0, 1000)) return asked;
  // AKS takes a count outside [minCount, maxCount] (az aks nodepool update sends the pool's current
  // count with new bounds): the cluster autoscaler then moves the pool into range.
  const current = typeof asked === 'number' ? asked : (existing?.count ?? minCount);
  return Math.min(maxCount, Math.max(minCount, current));
}
