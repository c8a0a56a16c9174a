// The defaults the API server writes into a pod template (pkg/apis/core/v1/defaults.go), so a
// Deployment reads back as `kubectl get deploy -o json` shows it on a real cluster: the containers'
// pull policy, termination message settings and empty resources, the pod's restart and DNS policy,
// scheduler, security context and grace period. Fields the caller set are kept.
import { isPlainObject } from './request-body.js';

type Json = Record<string, unknown>;

/** `IfNotPresent`, or `Always` for an image without a tag or tagged `latest`, as the API server decides. */
function pullPolicyOf(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  if (lastSegment.includes('@')) return 'IfNotPresent';
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(container: unknown): unknown {
  if (!isPlainObject(container)) return container;
  return {
    imagePullPolicy: pullPolicyOf(container.image),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...container,
  };
}

/** The template with the API server's defaults filled in. */
export function withPodTemplateDefaults(template: unknown): unknown {
  if (!isPlainObject(template)) return template;
  const spec: Json = isPlainObject(template.spec) ? template.spec : {};
  return {
    ...template,
    metadata: { creationTimestamp: null, ...(isPlainObject(template.metadata) ? template.metadata : {}) },
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
      ...spec,
      ...(Array.isArray(spec.containers) ? { containers: spec.containers.map(defaultContainer) } : {}),
    },
  };
}
