// The client-node API objects of one cluster, built once from one kubeconfig and shared by the
// cluster's KubernetesPort and VeleroPort, plus how a per-call abort signal reaches client-node.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, Health, type ConfigurationOptions, type Middleware } from '@kubernetes/client-node';
import type { ReusableKubeConfig } from './kube-config.js';

export interface ClusterApis {
  config: ReusableKubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  custom: CustomObjectsApi;
  health: Health;
}

export function createClusterApis(config: ReusableKubeConfig): ClusterApis {
  return {
    config,
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    custom: config.makeApiClient(CustomObjectsApi),
    health: new Health(config),
  };
}

/**
 * Per-call options that put `signal` on the request. client-node 2.0.1 has no signal parameter on
 * its API methods; a request middleware can set one on the RequestContext. The object-style API
 * declares its options with the Observable middleware type but wraps each entry as a *promise*
 * middleware at run time (`wrapOptions` in PromiseAPI), so a promise middleware is what it needs.
 */
export function withSignal(signal: AbortSignal | undefined): ConfigurationOptions | undefined {
  if (!signal) return undefined;
  const setSignal: Middleware = {
    pre: (context) => {
      context.setSignal(signal);
      return Promise.resolve(context);
    },
    post: (response) => Promise.resolve(response),
  };
  return { middleware: [setSignal], middlewareMergeStrategy: 'append' } as unknown as ConfigurationOptions;
}
