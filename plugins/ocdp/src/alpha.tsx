import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ocdpApiRef, OcdpClient } from './api';
import { quotasRouteRef, rootRouteRef } from './routes';

const ocdpApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ocdpApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OcdpClient(deps),
    }),
});

const ocdpPage = PageBlueprint.make({
  params: {
    path: '/ocdp',
    routeRef: rootRouteRef,
    loader: () => import('./components/OcdpPage').then(m => <m.OcdpPage />),
  },
});

const ocdpQuotasPage = PageBlueprint.make({
  name: 'quotas',
  params: {
    path: '/ocdp/quotas',
    routeRef: quotasRouteRef,
    loader: () => import('./components/QuotasPage').then(m => <m.QuotasPage />),
  },
});

const ocdpClusterCard = EntityCardBlueprint.make({
  name: 'cluster',
  params: {
    filter: 'kind:resource,spec.type:kubernetes-cluster',
    loader: () =>
      import('./components/EntityClusterCard').then(m => (
        <m.EntityClusterCard />
      )),
  },
});

const ocdpTenantQuotaCard = EntityCardBlueprint.make({
  name: 'tenant-quota',
  params: {
    filter: 'kind:user,group',
    loader: () =>
      import('./components/EntityTenantQuotaCard').then(m => (
        <m.EntityTenantQuotaCard />
      )),
  },
});

/** OCDP for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'ocdp',
  extensions: [
    ocdpApi,
    ocdpPage,
    ocdpQuotasPage,
    ocdpClusterCard,
    ocdpTenantQuotaCard,
  ],
  routes: { root: rootRouteRef, quotas: quotasRouteRef },
});
