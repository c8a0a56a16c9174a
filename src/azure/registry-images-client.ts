// RegistryImagesPort over @azure/container-registry: the ACR data plane at `https://{loginServer}`,
// authenticated by exchanging our Entra ID token for an ACR token (the client's challenge handler).
import { ContainerRegistryClient } from '@azure/container-registry';
import type { CallOptions } from '../core/ports/call-options.js';
import { deadlineOf } from '../core/ports/deadline.js';
import type { ImagePresence, RegistryImagesPort } from '../core/ports/registry-images-port.js';
import type { ArmConnection } from './arm-connection.js';
import { AdapterError } from '../core/ports/adapter-error.js';
import { answerFields } from './answer-fields.js';
import { armError } from './arm-errors.js';
import { responseSizeCapPolicy } from './response-size-cap.js';

const defaultTimeoutInMs = 15_000;

export class RegistryImagesClient implements RegistryImagesPort {
  private readonly clients = new Map<string, ContainerRegistryClient>();

  constructor(private readonly connection: ArmConnection) {}

  async findImage(loginServer: string, repository: string, reference: string, options?: CallOptions): Promise<ImagePresence> {
    const deadline = deadlineOf(options, this.connection.defaultTimeoutInMs ?? defaultTimeoutInMs);
    const artifact = this.clientFor(loginServer).getArtifact(repository, reference);
    try {
      // The SDK's token exchange (on the registry's 401 challenge) does not carry our abort signal:
      // the call is raced against the deadline so a registry that stalls there cannot outlast it.
      const properties = await untilAborted<{ digest?: unknown }>(
        reference.startsWith('sha256:') ? artifact.getManifestProperties({ abortSignal: deadline.signal }) : artifact.getTagProperties(reference, { abortSignal: deadline.signal }),
        deadline.signal,
      );
      const digest = answerFields('findImage', 'arm').text((properties as { digest?: unknown } | null | undefined)?.digest, 'digest');
      if (!digest) throw new AdapterError('Unknown', `findImage ${loginServer}/${repository}:${reference}: the registry answered without a digest`, { target: 'arm', operation: 'findImage' });
      return { present: true, digest };
    } catch (error) {
      // NAME_UNKNOWN (no such repository) and TAG_UNKNOWN / MANIFEST_UNKNOWN both mean: not there.
      if ((error as { statusCode?: unknown }).statusCode === 404) return { present: false };
      throw armError(error, `findImage ${loginServer}/${repository}:${reference}`, deadline);
    }
  }

  private clientFor(loginServer: string): ContainerRegistryClient {
    let client = this.clients.get(loginServer);
    if (!client) {
      const { environment } = this.connection;
      client = new ContainerRegistryClient(`https://${loginServer}`, this.connection.credential, {
        // The Entra ID audience ACR accepts is the cloud's ARM resource (without `/.default`).
        audience: environment.armAudience.replace(/\/\.default$/, ''),
        ...(environment.caPem ? { tlsOptions: { ca: environment.caPem } } : {}),
        ...(this.connection.retryOptions ? { retryOptions: this.connection.retryOptions } : {}),
        userAgentOptions: { userAgentPrefix: 'aksdr' },
        // Next to the HTTP client, as on the ARM clients (the token exchange is read with it too).
        additionalPolicies: [{ policy: responseSizeCapPolicy(this.connection.maxResponseBytes), position: 'perRetry' }],
      });
      this.clients.set(loginServer, client);
    }
    return client;
  }
}

/** `work`, or the signal's reason as soon as it aborts (the work itself is left to finish or fail). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError'));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
