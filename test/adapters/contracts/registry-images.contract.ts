// The RegistryImagesPort contract, run against the fake and the lab's ACR data plane.
import { expect, it } from 'vitest';
import type { RegistryImagesPort } from '../../../src/core/ports/registry-images-port.js';

export interface RegistryImagesSubject {
  port: RegistryImagesPort;
  loginServer: string;
  /** An image the registry holds. */
  present: { repository: string; tag: string };
}

export function registryImagesContract(subject: () => RegistryImagesSubject): void {
  it('finds an image the registry holds, with its digest', async () => {
    const { port, loginServer, present } = subject();
    const found = await port.findImage(loginServer, present.repository, present.tag);
    expect(found.present).toBe(true);
    expect(found.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('finds the same image by its digest', async () => {
    const { port, loginServer, present } = subject();
    const { digest } = await port.findImage(loginServer, present.repository, present.tag);
    expect(await port.findImage(loginServer, present.repository, digest ?? '')).toEqual({ present: true, digest });
  });

  it('reports a missing tag and a missing repository as absent, not as an error', async () => {
    const { port, loginServer, present } = subject();
    expect(await port.findImage(loginServer, present.repository, '9.9.9-missing')).toEqual({ present: false });
    expect(await port.findImage(loginServer, 'nothing/here', present.tag)).toEqual({ present: false });
  });
}
