// The subscription's resource groups (read-only): ARM answers for them itself.
import { json } from '../http/handler.js';
import { armErrors } from './errors.js';
import type { ArmRoute } from './router.js';

export function resourceGroupRoutes(): ArmRoute[] {
  return [
    {
      template: 'subscriptions/{subscriptionId}/resourcegroups',
      methods: { GET: ({ ctx, state }) => json(200, { value: state.resourceGroups.map((g) => render(ctx.world.identity.subscriptionId, g.name, g.location)) }) },
    },
    {
      template: 'subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}',
      methods: {
        GET: ({ ctx, state, params }) => {
          const group = state.resourceGroup(params.resourceGroupName ?? '');
          if (!group) throw armErrors.resourceGroupNotFound(params.resourceGroupName ?? '');
          return json(200, render(ctx.world.identity.subscriptionId, group.name, group.location));
        },
      },
    },
  ];
}

function render(subscriptionId: string, name: string, location: string): Record<string, unknown> {
  return { id: `/subscriptions/${subscriptionId}/resourceGroups/${name}`, name, type: 'Microsoft.Resources/resourceGroups', location, properties: { provisioningState: 'Succeeded' } };
}
