import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { ocdpApiRef, OcdpClient } from './api';
import {
  OcdpGpuPicker,
  OcdpGpuPickerOptions,
  OcdpGpuValue,
  validateGpu,
} from './components/OcdpGpuPicker';
import {
  OcdpTenantClusterPicker,
  OcdpTenantClusterValue,
  validateTenantCluster,
} from './components/OcdpTenantClusterPicker';
import { instancesRouteRef, quotasRouteRef, rootRouteRef } from './routes';

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
    instances: instancesRouteRef,
  },
});

/**
 * The GPU Platform home: GPU allocation and use per cluster, node, GPU model, tenant and user,
 * with links to the Quotas page. @public
 */
export const OcdpPage = ocdpPlugin.provide(
  createRoutableExtension({
    name: 'OcdpPage',
    component: () =>
      import('./components/GpuMonitoringPage').then(m => m.GpuMonitoringPage),
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

/** GPUs of the cluster a `kubernetes-cluster` Resource entity represents. @public */
export const ClusterGpuCard = ocdpPlugin.provide(
  createComponentExtension({
    name: 'ClusterGpuCard',
    component: {
      lazy: () =>
        import('./components/ClusterGpuCard').then(m => m.ClusterGpuCard),
    },
  }),
);

/** GPU use of a Component's pods (model instances included), per pod. @public */
export const EntityGpuUsageCard = ocdpPlugin.provide(
  createComponentExtension({
    name: 'EntityGpuUsageCard',
    component: {
      lazy: () =>
        import('./components/EntityGpuUsageCard').then(
          m => m.EntityGpuUsageCard,
        ),
    },
  }),
);

/** For User and Group entity pages: the GPUs their tenants and workloads hold. @public */
export const EntityOwnerGpuCard = ocdpPlugin.provide(
  createComponentExtension({
    name: 'EntityOwnerGpuCard',
    component: {
      lazy: () => import('./components/GpuOwnerCard').then(m => m.GpuOwnerCard),
    },
  }),
);

/** Model instances the user may see, filterable by tenant, cluster and status. @public */
export const OcdpInstancesPage = ocdpPlugin.provide(
  createRoutableExtension({
    name: 'OcdpInstancesPage',
    component: () =>
      import('./components/InstancesPage').then(m => m.InstancesPage),
    mountPoint: instancesRouteRef,
  }),
);

/**
 * For Component entities of type `model-instance`: the OCDP instance their `ocdp.io/instance-id`
 * annotation names, with scale, values edit and delete. @public
 */
export const EntityModelInstanceCard = ocdpPlugin.provide(
  createComponentExtension({
    name: 'EntityModelInstanceCard',
    component: {
      lazy: () =>
        import('./components/EntityModelInstanceCard').then(
          m => m.EntityModelInstanceCard,
        ),
    },
  }),
);

/**
 * Scaffolder field `OcdpTenantClusterPicker`: a tenant the user may deploy into and one of its
 * clusters, with what is left of each quota. Value `{ tenant, cluster }`. @public
 */
export const OcdpTenantClusterPickerFieldExtension = ocdpPlugin.provide(
  createScaffolderFieldExtension<OcdpTenantClusterValue>({
    name: 'OcdpTenantClusterPicker',
    component: OcdpTenantClusterPicker,
    validation: validateTenantCluster,
  }),
);

/**
 * Scaffolder field `OcdpGpuPicker`: a GPU model or MIG profile of the chosen cluster and a
 * count, with free counts and what would not fit. Value `{ resource, product?, count }`. @public
 */
export const OcdpGpuPickerFieldExtension = ocdpPlugin.provide(
  createScaffolderFieldExtension<OcdpGpuValue, OcdpGpuPickerOptions>({
    name: 'OcdpGpuPicker',
    component: OcdpGpuPicker,
    validation: validateGpu,
  }),
);
