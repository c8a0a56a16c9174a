// In-memory RegistryImagesPort: registries by login server, each a set of `repository:tag` images.
import { createHash } from 'node:crypto';
import type { CallOptions } from '../../core/ports/call-options.js';
import type { ImagePresence, RegistryImagesPort } from '../../core/ports/registry-images-port.js';
import { AdapterError } from '../../core/ports/adapter-error.js';

export class FakeRegistryImages implements RegistryImagesPort {
  private readonly registries = new Map<string, Set<string>>();
  unreachable = new Set<string>();

  push(loginServer: string, repository: string, tag: string): void {
    const images = this.registries.get(loginServer) ?? new Set<string>();
    images.add(`${repository}:${tag}`);
    this.registries.set(loginServer, images);
  }

  async findImage(loginServer: string, repository: string, reference: string, options?: CallOptions): Promise<ImagePresence> {
    await Promise.resolve();
    options?.abortSignal?.throwIfAborted();
    if (this.unreachable.has(loginServer)) throw new AdapterError('Unavailable', `cannot reach ${loginServer}`, { target: 'acr', operation: 'findImage' });
    const images = this.registries.get(loginServer) ?? new Set<string>();
    const found = [...images].find((image) => image === `${repository}:${reference}` || (reference.startsWith('sha256:') && digestOf(image) === reference));
    return found ? { present: true, digest: digestOf(found) } : { present: false };
  }
}

function digestOf(image: string): string {
  return `sha256:${createHash('sha256').update(image).digest('hex')}`;
}
