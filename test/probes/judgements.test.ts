import { describe, expect, it } from 'vitest';
import { AdapterError } from '../../src/core/ports/adapter-error.js';
import { describeFailure, judgeAksCluster, judgeAppResponse, judgeEndpoint, judgeNodes, judgeReadyz, judgeWorkloads } from '../../src/probes/index.js';
import { isFreshEnough, refreshPeriodsFor } from '../../src/probes/request-budget.js';
import { aProfile } from '../adapters/fixtures/fake-world.js';

const node = (name: string, ready: boolean, reason?: string) => ({ name, ready, ...(reason ? { reason } : {}) });
const deployment = (name: string, replicas: number, available: number) => ({ namespace: 'shop', name, replicas, available, ready: available, images: [], conditions: [] });

describe('what each signal makes of an answer', () => {
  it('aks passes only for a Succeeded and Running cluster', () => {
    const cluster = { id: 'x', name: 'aks-weu', location: 'westeurope', provisioningState: 'Succeeded', powerState: 'Running', kubernetesVersion: '1.32.4', agentPools: [] };
    expect(judgeAksCluster(cluster)).toMatchObject({ ok: true, reason: 'aks-weu Succeeded and Running (Kubernetes 1.32.4)' });
    expect(judgeAksCluster({ ...cluster, powerState: 'Stopped' })).toMatchObject({ ok: false, reason: 'aks-weu: provisioningState Succeeded, powerState Stopped' });
    expect(judgeAksCluster({ ...cluster, provisioningState: 'Failed' }).ok).toBe(false);
  });

  it('apiServer names the failing readyz checks when the answer has them', () => {
    expect(judgeReadyz({ ok: true, status: 200 })).toEqual({ ok: true, reason: 'readyz ok' });
    expect(judgeReadyz({ ok: false, status: 500, body: '[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed' }).reason).toBe('readyz 500: [-]etcd failed: reason withheld');
    expect(judgeReadyz({ ok: false }).reason).toBe('readyz not ready');
  });

  it('nodes counts Ready nodes against the minimum ratio and says why the others are not', () => {
    const nodes = [node('a', true), node('b', true), node('c', false, 'NodeStatusUnknown'), node('d', false, 'NodeStatusUnknown'), node('e', false, 'KubeletNotReady')];
    expect(judgeNodes(nodes, 0.6)).toMatchObject({ ok: false, reason: '2/5 nodes Ready (need 60%; NodeStatusUnknown, KubeletNotReady)' });
    expect(judgeNodes(nodes, 0.4)).toMatchObject({ ok: true, reason: '2/5 nodes Ready' });
    expect(judgeNodes([], 0.6)).toMatchObject({ ok: false, reason: 'no nodes' });
  });

  it('workloads fails for a missing deployment and for one below the available ratio', () => {
    const spec = { namespace: 'shop', deployments: ['frontend', 'cart'], minAvailableRatio: 0.5 };
    expect(judgeWorkloads([deployment('frontend', 3, 3), deployment('cart', 3, 2)], spec)).toMatchObject({ ok: true, reason: '2/2 deployments available in shop' });
    expect(judgeWorkloads([deployment('frontend', 3, 1)], spec)).toMatchObject({ ok: false, reason: 'frontend 1/3 available, cart missing in shop (need 50%)' });
    expect(judgeWorkloads([deployment('frontend', 0, 0), deployment('cart', 2, 2)], spec).reason).toBe('frontend scaled to 0 in shop (need 50%)');
  });

  it('app checks the status range and the latency limit', () => {
    expect(judgeAppResponse({ status: 200, latencyMs: 12 }, [200, 399], undefined)).toMatchObject({ ok: true, reason: 'HTTP 200 in 12 ms' });
    expect(judgeAppResponse({ status: 503, latencyMs: 12 }, [200, 399], undefined)).toMatchObject({ ok: false, reason: 'HTTP 503 (expected 200-399)' });
    expect(judgeAppResponse({ status: 200, latencyMs: 1500 }, [200, 399], 1000)).toMatchObject({ ok: false, reason: 'HTTP 200 after 1500 ms (limit 1000 ms)' });
  });

  it("trafficManager reports Azure's monitor status of the region's endpoint", () => {
    const profile = aProfile();
    expect(judgeEndpoint(profile, { endpoint: 'ep-weu', endpointType: 'ExternalEndpoints' })).toMatchObject({ ok: true, reason: 'Traffic Manager sees ep-weu Online, weight 1000' });
    const degraded = { ...profile, endpoints: profile.endpoints.map((e) => ({ ...e, monitorStatus: 'Degraded' })) };
    expect(judgeEndpoint(degraded, { endpoint: 'ep-neu', endpointType: 'ExternalEndpoints' })).toMatchObject({ ok: false, reason: 'Traffic Manager sees ep-neu Degraded, weight 1' });
    expect(judgeEndpoint(profile, { endpoint: 'ep-xyz', endpointType: 'ExternalEndpoints' })).toMatchObject({ ok: false, reason: 'endpoint ep-xyz is not in profile tm-shop' });
  });
});

describe('failure reasons', () => {
  it('read like a person would say them', () => {
    expect(describeFailure(new AdapterError('Timeout', 'readyz on cluster aks-weu did not answer within 1000 ms'), 1000)).toBe('timeout after 1000 ms');
    // A gateway timeout ARM answered (a regional outage behind it) is reported as such, not as ours.
    expect(describeFailure(new AdapterError('Timeout', 'getCluster failed with HTTP 504 (GatewayTimeout: no response from Microsoft.ContainerService)', { statusCode: 504 }), 1000)).toBe(
      'getCluster failed with HTTP 504 (GatewayTimeout: no response from Microsoft.ContainerService)',
    );
    expect(describeFailure(new AdapterError('Unavailable', 'readyz on cluster aks-weu: cannot reach the API server (ECONNRESET)'), 1000)).toBe('connection reset');
    expect(describeFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 1000)).toBe('connection refused');
    expect(describeFailure(new AdapterError('Throttled', 'getCluster failed with HTTP 429', { retryAfterMs: 2000 }), 1000)).toBe('throttled (HTTP 429, retry after 2 s)');
    expect(describeFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 4000)).toBe('timeout after 4000 ms');
    expect(describeFailure(new Error('socket hang up'), 1000)).toBe('connection reset');
    expect(describeFailure(Object.assign(new Error('self-signed certificate'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 1000)).toBe('TLS certificate not trusted (SELF_SIGNED_CERT_IN_CHAIN)');
  });
});

describe('the request budget', () => {
  it('asks readyz every cycle, deployments every 2nd, nodes every 3rd; ARM every 30 s (clusters) and 20 s (profile)', () => {
    const periods = refreshPeriodsFor({ intervalSeconds: 10 });
    expect(periods).toEqual({ apiServer: 10_000, app: 10_000, workloads: 20_000, nodes: 30_000, aks: 30_000, trafficManager: 20_000 });
    const asked = (period: number) => {
      let last = -Infinity;
      let count = 0;
      for (let t = 0; t < 60_000; t += 10_000) {
        if (!isFreshEnough(t - last, period, 10_000)) {
          last = t;
          count++;
        }
      }
      return count;
    };
    expect([asked(periods.apiServer), asked(periods.workloads), asked(periods.nodes)]).toEqual([6, 3, 2]);
    expect([asked(periods.aks), asked(periods.trafficManager)]).toEqual([2, 3]);
  });
});
