export {
  ocdpTenantConditions,
  createOcdpTenantConditionalDecision,
} from './conditionExports';
export { requirePermission } from './requirePermission';
export { tenantResourceRef, tenantPermissionRules } from './rules';
export type { TenantQuery } from './rules';
export { tenantReadScope, scopeAllows } from './tenantReadScope';
export type { TenantReadScope } from './tenantReadScope';
