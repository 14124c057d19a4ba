/**
 * Catalog entity provider that publishes OCDP model instances as `Component`s of type
 * `model-instance`.
 *
 * @packageDocumentation
 */

export { catalogModuleOcdp as default } from './module';
export { OcdpInstanceEntityProvider } from './provider/OcdpInstanceEntityProvider';
export type { OcdpInstanceEntityProviderOptions } from './provider/OcdpInstanceEntityProvider';
export {
  instanceToEntity,
  MODEL_INSTANCE_TYPE,
} from './provider/instanceToEntity';
export type { InstanceEntityOptions } from './provider/instanceToEntity';
export { InstanceReader } from './provider/readInstances';
export type { OcdpCatalogConfig } from './config';
export { readOcdpCatalogConfig } from './config';
