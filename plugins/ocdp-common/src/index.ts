/**
 * Common functionality for OCDP: Kubernetes quantity math, shared API types and permissions.
 *
 * @packageDocumentation
 */

export * from './quantity';
export * from './permissions';
export * from './clusters';
export * from './tenants';
export * from './quota';
export * from './naming';
export * from './errors';
export * from './footprint';
export * from './values';
export * from './precheck';
export * from './instances';
export * from './monitoring';
export * from './podSecurity';
