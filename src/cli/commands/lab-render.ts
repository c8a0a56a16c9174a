// Renders a lab snapshot as tables a person can scan during a demo.
import type { LabState } from '../../lab/lab-state.js';
import { formatTable } from '../output/table.js';

function age(iso: string | undefined, now: number): string {
  if (!iso) return '-';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}

export function renderLabState(state: LabState, now: number = Date.now()): string {
  const tm = state.trafficManager;
  const endpoints = formatTable(
    ['ENDPOINT', 'REGION', 'STATUS', tm.routing === 'Priority' ? 'PRIORITY' : 'WEIGHT'],
    tm.endpoints.map((e) => [e.name, e.region ?? '-', e.endpointStatus, String((tm.routing === 'Priority' ? e.priority : e.weight) ?? '-')]),
  );
  // On its own line, so the table keeps the columns scripts and the demo's readers know.
  const monitored = tm.endpoints.filter((e) => e.monitorStatus !== undefined);
  const monitor = monitored.length > 0 ? [`Traffic Manager's monitor: ${monitored.map((e) => `${e.name} ${e.monitorStatus ?? ''}`).join(', ')}`] : [];
  const clusters = formatTable(
    ['CLUSTER', 'REGION', 'ROLE', 'STATE', 'POWER', 'NODES', 'POOLS', 'WORKLOADS', 'RESTORES'],
    state.clusters.map((c) => [
      c.name,
      c.region,
      c.role,
      c.provisioningState,
      c.powerState,
      c.nodesReady === c.nodes ? String(c.nodes) : `${c.nodesReady}/${c.nodes} Ready`,
      c.agentPools.map((p) => `${p.name}=${p.count}${p.provisioningState === 'Succeeded' ? '' : `(${p.provisioningState})`}`).join(' '),
      c.deployments.map((d) => `${d.name} ${d.available}/${d.replicas}`).join(', ') || '-',
      c.restores.map((r) => `${r.name}:${r.phase}${r.errors ? ` (${r.errors} errors)` : ''}`).join(', ') || '-',
    ]),
  );
  const newest = state.backups.filter((b) => b.phase === 'Completed').sort((a, b) => (b.startTimestamp ?? '').localeCompare(a.startTimestamp ?? ''))[0];
  const faults = state.faults.length === 0 ? 'none' : state.faults.map((f) => `${f.kind}@${f.region}${f.mode ? ` (${f.mode})` : ''}${f.rate !== undefined && f.rate < 1 ? ` (rate ${f.rate})` : ''}`).join(', ');
  return [
    `Traffic Manager ${tm.profileId.split('/').pop() ?? ''} (${tm.routing})`,
    endpoints,
    ...monitor,
    '',
    clusters,
    '',
    `Velero backups: ${state.backups.length}${newest ? `, newest ${newest.name} (${age(newest.startTimestamp, now)} old)` : ', none completed'}`,
    `Faults: ${faults}`,
    ...(state.clients ? [renderClients(state.clients)] : []),
  ].join('\n');
}

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** `Clients (20, last 30 s, 412 requests): westeurope 97 %, northeurope 3 %, failed 0 %`. */
export function renderClients(report: NonNullable<LabState['clients']>): string {
  const regions = Object.entries(report.byRegion).map(([region, traffic]) => `${region} ${percent(traffic.share)}`);
  const failed = `failed ${percent(report.failedShare)}${report.lastFailure ? ` (last: ${report.lastFailure})` : ''}`;
  return `Clients (${report.clients}, last ${report.windowSeconds} s, ${report.requests} requests): ${[...regions, failed].join(', ')}`;
}
