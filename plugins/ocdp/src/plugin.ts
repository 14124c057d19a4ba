import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ocdpApiRef, OcdpClient } from './api';
import { quotasRouteRef, rootRouteRef } from './routes';

/** @public */
export const ocdpPlugin = createPlugin({
  id: 'ocdp',
  apis: [
    createApiFactory({
      api: ocdpApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OcdpClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    quotas: quotasRouteRef,
  },
});

/** The GPU platform page. @public */
export const OcdpPage = ocdpPlugin.provide(
  createRoutableExtension({
    name: 'OcdpPage',
    component: () => import('./components/OcdpPage').then(m => m.OcdpPage),
    mountPoint: rootRouteRef,
  }),
);

/** Tenant quotas: every tenant for admins, one's own for everyone else. @public */
export const OcdpQuotasPage = ocdpPlugin.provide(
  createRoutableExtension({
    name: 'OcdpQuotasPage',
    component: () => import('./components/QuotasPage').then(m => m.QuotasPage),
    mountPoint: quotasRouteRef,
  }),
);

/** Card for `kubernetes-cluster` Resource entity pages. @public */
export const EntityOcdpClusterCard = ocdpPlugin.provide(
  createComponentExtension({
    name: 'EntityOcdpClusterCard',
    component: {
      lazy: () =>
        import('./components/EntityClusterCard').then(m => m.EntityClusterCard),
    },
  }),
);

/** Card for User and Group entity pages: the entity's OCDP tenants and their quota use. @public */
export const EntityTenantQuotaCard = ocdpPlugin.provide(
  createComponentExtension({
    name: 'EntityTenantQuotaCard',
    component: {
      lazy: () =>
        import('./components/EntityTenantQuotaCard').then(
          m => m.EntityTenantQuotaCard,
        ),
    },
  }),
);
