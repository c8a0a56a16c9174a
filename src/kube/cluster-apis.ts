// The client-node API objects of one cluster, built once from one kubeconfig and shared by the
// cluster's KubernetesPort and VeleroPort, plus how a per-call abort signal reaches client-node.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, Observable, type ConfigurationOptions, type ObservableMiddleware } from '@kubernetes/client-node';
import type { ReusableKubeConfig } from './kube-config.js';

export interface ClusterApis {
  config: ReusableKubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  custom: CustomObjectsApi;
}

export function createClusterApis(config: ReusableKubeConfig): ClusterApis {
  return {
    config,
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    custom: config.makeApiClient(CustomObjectsApi),
  };
}

/**
 * Per-call options that put `signal` on the request: client-node 2.0.1 has no signal parameter on
 * its API methods, but a request middleware can set one on the RequestContext. The object-style API
 * classes (what `makeApiClient` builds) pass options straight to the Observable API, so this is an
 * Observable middleware, appended to the configured ones (user agent).
 */
export function withSignal(signal: AbortSignal | undefined): ConfigurationOptions | undefined {
  if (!signal) return undefined;
  const setSignal: ObservableMiddleware = {
    pre: (context) => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [setSignal], middlewareMergeStrategy: 'append' };
}
