import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeRegistryImages } from '../../src/azure/fakes/fake-registry-images.js';
import { RegistryImagesClient } from '../../src/azure/registry-images-client.js';
import { parseImageReference } from '../../src/core/ports/registry-images-port.js';
import { registryImagesContract } from './contracts/registry-images.contract.js';
import { startLabAdapters, type LabAdapters } from './fixtures/lab-adapters.js';

describe('FakeRegistryImages honours the RegistryImagesPort contract', () => {
  let port: FakeRegistryImages;
  beforeEach(() => {
    port = new FakeRegistryImages();
    port.push('acrshop.azurecr.io', 'shop/frontend', '1.4.2');
  });
  registryImagesContract(() => ({ port, loginServer: 'acrshop.azurecr.io', present: { repository: 'shop/frontend', tag: '1.4.2' } }));
});

describe('RegistryImagesClient on the lab honours the RegistryImagesPort contract', () => {
  let adapters: LabAdapters;
  let port: RegistryImagesClient;
  beforeAll(async () => {
    adapters = await startLabAdapters();
    port = new RegistryImagesClient(adapters.connection);
  });
  afterAll(async () => {
    await adapters.close();
  });
  registryImagesContract(() => ({ port, loginServer: adapters.lab.info.registry.loginServer, present: { repository: 'shop/frontend', tag: '1.4.2' } }));

  it('resolves every image the lab workloads run, through the registry token exchange', async () => {
    // The world's deployments run images from this registry: every one of them resolves.
    const images = adapters.lab.info.deployments.map((d) => `${adapters.lab.info.registry.loginServer}/shop/${d}:1.4.2`);
    for (const image of images) {
      const ref = parseImageReference(image);
      expect(ref?.registry).toBe(adapters.lab.info.registry.loginServer);
      expect((await port.findImage(ref?.registry ?? '', ref?.repository ?? '', ref?.tag ?? '')).present).toBe(true);
    }
  });
});

describe('image references', () => {
  it.each([
    ['acrshop.azurecr.io/shop/frontend:1.4.2', { registry: 'acrshop.azurecr.io', repository: 'shop/frontend', tag: '1.4.2' }],
    ['127.0.0.1:5000/shop/cart:2', { registry: '127.0.0.1:5000', repository: 'shop/cart', tag: '2' }],
    ['acrshop.azurecr.io/shop/cart', { registry: 'acrshop.azurecr.io', repository: 'shop/cart', tag: 'latest' }],
    ['acrshop.azurecr.io/shop/cart@sha256:abc', { registry: 'acrshop.azurecr.io', repository: 'shop/cart', digest: 'sha256:abc' }],
  ])('%s is parsed into registry, repository and reference', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  it('an image without a registry host (Docker Hub) has no registry to check', () => {
    expect(parseImageReference('nginx:1.27')).toBeUndefined();
    expect(parseImageReference('library/nginx:1.27')).toBeUndefined();
  });
});
