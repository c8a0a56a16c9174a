import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permits, rbacActionOf } from '../../src/lab/arm/authorization.js';
import { armClients, restError } from './fixtures/arm-clients.js';
import { startArmLab, type ArmLab } from './fixtures/arm-fixture.js';

describe('Azure RBAC in the lab', () => {
  let lab: ArmLab;
  beforeAll(async () => {
    lab = await startArmLab();
  });
  afterAll(async () => {
    await lab.close();
  });

  it('names each request by its RBAC action, as ARM authorizes it', () => {
    const sub = '/subscriptions/s/resourceGroups/rg/providers';
    expect(rbacActionOf('GET', `${sub}/Microsoft.Network/trafficmanagerprofiles/tm`)).toBe('Microsoft.Network/trafficManagerProfiles/read');
    expect(rbacActionOf('PATCH', `${sub}/Microsoft.Network/trafficmanagerprofiles/tm/ExternalEndpoints/ep`)).toBe('Microsoft.Network/trafficManagerProfiles/externalEndpoints/write');
    expect(rbacActionOf('POST', `${sub}/Microsoft.ContainerService/managedClusters/aks/listClusterUserCredential`)).toBe('Microsoft.ContainerService/managedClusters/listClusterUserCredential/action');
    expect(rbacActionOf('PUT', `${sub}/Microsoft.ContainerService/managedClusters/aks/agentPools/user`)).toBe('Microsoft.ContainerService/managedClusters/agentPools/write');
    expect(rbacActionOf('GET', '/subscriptions/s/providers/Microsoft.ContainerService/locations/westeurope/operations/op1')).toBe('Microsoft.ContainerService/locations/operations/read');
    expect(permits(['Microsoft.Network/trafficManagerProfiles/*/write'], 'microsoft.network/trafficmanagerprofiles/externalEndpoints/write')).toBe(true);
    expect(permits(['Microsoft.Network/trafficManagerProfiles/read'], 'Microsoft.Network/trafficManagerProfiles/externalEndpoints/write')).toBe(false);
  });

  it('refuses an action the principal does not hold with 403 AuthorizationFailed, and allows what it holds', async () => {
    lab.ctx.armActions = ['Microsoft.Network/trafficManagerProfiles/read'];
    try {
      const { trafficManager } = armClients(lab, { maxRetries: 0 });
      const profile = await trafficManager.profiles.get('rg-aksdr-global', 'tm-aksdr');
      expect(profile.name).toBe('tm-aksdr');
      const refused = await restError(trafficManager.endpoints.update('rg-aksdr-global', 'tm-aksdr', 'ExternalEndpoints', 'ep-neu', { weight: 1000 }));
      expect(refused).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
      expect(refused.message).toContain("does not have authorization to perform action 'Microsoft.Network/trafficManagerProfiles/externalEndpoints/write'");
      expect(lab.state.actionsRequested.has('Microsoft.Network/trafficManagerProfiles/externalEndpoints/write')).toBe(true);
    } finally {
      delete lab.ctx.armActions;
    }
  });
});
