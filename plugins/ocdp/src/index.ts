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
} from './plugin';
export * from './api';
