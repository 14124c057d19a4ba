/**
 * OCDP frontend: the GPU platform page, entity cards and scaffolder fields.
 *
 * @packageDocumentation
 */

export { ocdpPlugin, OcdpPage, EntityOcdpClusterCard } from './plugin';
export * from './api';
