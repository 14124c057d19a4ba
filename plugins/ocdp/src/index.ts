/**
 * OCDP frontend: the GPU platform page, entity cards and scaffolder fields.
 *
 * @packageDocumentation
 */

export {
  ocdpPlugin,
  OcdpPage,
  OcdpQuotasPage,
  EntityOcdpClusterCard,
  EntityTenantQuotaCard,
  ClusterGpuCard,
  EntityGpuUsageCard,
  EntityOwnerGpuCard,
  OcdpInstancesPage,
  EntityModelInstanceCard,
} from './plugin';
export { isOcdpModelInstance } from './components/EntityModelInstanceCard/isOcdpModelInstance';
export * from './api';
