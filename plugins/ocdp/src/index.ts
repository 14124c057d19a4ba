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
} from './plugin';
export * from './api';
