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
  OcdpTenantClusterPickerFieldExtension,
  OcdpGpuPickerFieldExtension,
} from './plugin';
export type { OcdpTenantClusterValue } from './components/OcdpTenantClusterPicker';
export type {
  OcdpGpuValue,
  OcdpGpuPickerOptions,
} from './components/OcdpGpuPicker';
export { isOcdpModelInstance } from './components/EntityModelInstanceCard/isOcdpModelInstance';
export * from './api';
