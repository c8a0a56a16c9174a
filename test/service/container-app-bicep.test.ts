// No Bicep compiler is reachable here, so the Container Apps template is checked for what matters:
// the role it defines and assigns comes from aksdr-role.json (the one the code needs and the e2e
// test proves complete) — no action written by hand beside it — the state container gets "Storage
// Blob Data Contributor" and nothing wider, and the probes point at the service's endpoints.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '..', '..', 'infra', 'azure');
const bicep = readFileSync(path.join(dir, 'container-app.bicep'), 'utf8');
const role = JSON.parse(readFileSync(path.join(dir, 'aksdr-role.json'), 'utf8')) as { Actions: string[] };
const code = bicep.split('\n').filter((line) => !line.trim().startsWith('//')).join('\n');

describe('the Container Apps Bicep template', () => {
  it('defines the custom role from aksdr-role.json and assigns it to the identity', () => {
    expect(code).toContain("loadJsonContent('aksdr-role.json')");
    expect(code).toMatch(/actions:\s*role\.Actions/);
    expect(code).toMatch(/roleDefinitionId:\s*aksdrRole\.id/);
    for (const action of role.Actions) expect(code).not.toContain(action);
    expect(code).not.toMatch(/Microsoft\.(Network|ContainerService|ContainerRegistry)\//);
  });

  it('grants Storage Blob Data Contributor on the state container only', () => {
    expect(code).toContain("'ba92f5b4-2d11-453d-a403-e96b0029c9fe'");
    expect(code).toMatch(/resource stateAccess[^]*?scope:\s*stateContainer/);
    expect(code).not.toMatch(/\b(Owner|Contributor)'/);
    expect(code).toContain('allowSharedKeyAccess: false');
  });

  it('runs the service with probes on /healthz and /readyz and the identity it creates', () => {
    expect(code).toContain("args: ['serve', '--policies', '/etc/aksdr/policies'");
    expect(code).toContain("path: '/healthz'");
    expect(code).toContain("path: '/readyz'");
    expect(code).toMatch(/AZURE_CLIENT_ID', value: identity\.properties\.clientId/);
  });
});
