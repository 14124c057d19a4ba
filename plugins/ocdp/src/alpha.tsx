import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { ocdpApiRef, OcdpClient } from './api';
import { instancesRouteRef, quotasRouteRef, rootRouteRef } from './routes';
import { isOcdpModelInstance } from './components/EntityModelInstanceCard/isOcdpModelInstance';

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
    loader: () =>
      import('./components/GpuMonitoringPage').then(m => (
        <m.GpuMonitoringPage />
      )),
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

/** Components whose pods the Kubernetes plugin (and OCDP) can find. */
const hasKubernetesWorkload = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'component' &&
  Boolean(
    entity.metadata.annotations?.['backstage.io/kubernetes-id'] ||
      entity.metadata.annotations?.['backstage.io/kubernetes-label-selector'],
  );

const ocdpClusterGpuCard = EntityCardBlueprint.make({
  name: 'cluster-gpu',
  params: {
    filter: 'kind:resource,spec.type:kubernetes-cluster',
    loader: () =>
      import('./components/ClusterGpuCard').then(m => <m.ClusterGpuCard />),
  },
});

const ocdpGpuUsageCard = EntityCardBlueprint.make({
  name: 'gpu-usage',
  params: {
    filter: hasKubernetesWorkload,
    loader: () =>
      import('./components/EntityGpuUsageCard').then(m => (
        <m.EntityGpuUsageCard />
      )),
  },
});

const ocdpOwnerGpuCard = EntityCardBlueprint.make({
  name: 'owner-gpu',
  params: {
    filter: 'kind:user,group',
    loader: () =>
      import('./components/GpuOwnerCard').then(m => <m.GpuOwnerCard />),
  },
});

const ocdpInstancesPage = PageBlueprint.make({
  name: 'instances',
  params: {
    path: '/ocdp/instances',
    routeRef: instancesRouteRef,
    loader: () =>
      import('./components/InstancesPage').then(m => <m.InstancesPage />),
  },
});

const ocdpModelInstanceCard = EntityCardBlueprint.make({
  name: 'model-instance',
  params: {
    filter: isOcdpModelInstance,
    loader: () =>
      import('./components/EntityModelInstanceCard').then(m => (
        <m.EntityModelInstanceCard />
      )),
  },
});

const ocdpTenantClusterPickerField = FormFieldBlueprint.make({
  name: 'tenant-cluster-picker',
  params: {
    field: () =>
      import('./components/OcdpTenantClusterPicker/formField').then(
        m => m.tenantClusterPickerFormField,
      ),
  },
});

const ocdpGpuPickerField = FormFieldBlueprint.make({
  name: 'gpu-picker',
  params: {
    field: () =>
      import('./components/OcdpGpuPicker/formField').then(
        m => m.gpuPickerFormField,
      ),
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
    ocdpClusterGpuCard,
    ocdpGpuUsageCard,
    ocdpOwnerGpuCard,
    ocdpInstancesPage,
    ocdpModelInstanceCard,
    ocdpTenantClusterPickerField,
    ocdpGpuPickerField,
  ],
  routes: {
    root: rootRouteRef,
    quotas: quotasRouteRef,
    instances: instancesRouteRef,
  },
});
