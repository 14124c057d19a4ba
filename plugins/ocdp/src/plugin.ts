import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ocdpApiRef, OcdpClient } from './api';
import { rootRouteRef } from './routes';

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
