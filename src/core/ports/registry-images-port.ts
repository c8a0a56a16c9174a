// Which images a container registry holds: the data-plane view of ACR, read before traffic moves so a
// failover never lands on workloads whose images cannot be pulled.
import type { CallOptions } from './call-options.js';

export interface ImageReference {
  /** Registry host (`acrshop.azurecr.io`, or `host:port`). */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** `acrshop.azurecr.io/shop/frontend:1.4.2` or `…@sha256:…`; undefined when the image names no registry host. */
export function parseImageReference(image: string): ImageReference | undefined {
  const slash = image.indexOf('/');
  if (slash <= 0) return undefined;
  const registry = image.slice(0, slash);
  // Docker's rule: the first component is a registry host only when it has a dot or a port, or is localhost.
  if (!registry.includes('.') && !registry.includes(':') && registry !== 'localhost') return undefined;
  let rest = image.slice(slash + 1);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  const tag = colon >= 0 ? rest.slice(colon + 1) : digest ? undefined : 'latest';
  const repository = colon >= 0 ? rest.slice(0, colon) : rest;
  if (!repository) return undefined;
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export interface ImagePresence {
  present: boolean;
  digest?: string;
}

export interface RegistryImagesPort {
  /** Whether `repository` holds `reference` (a tag, or a `sha256:` digest) in the registry at `loginServer`. */
  findImage(loginServer: string, repository: string, reference: string, options?: CallOptions): Promise<ImagePresence>;
}
