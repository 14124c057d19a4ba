import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({
  id: 'ocdp',
});

export const quotasRouteRef = createRouteRef({
  id: 'ocdp:quotas',
});

export const instancesRouteRef = createRouteRef({
  id: 'ocdp:instances',
});
