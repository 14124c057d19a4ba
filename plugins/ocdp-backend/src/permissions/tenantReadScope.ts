import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import { OcdpTenant, ocdpTenantReadPermission } from '@ocdp/plugin-ocdp-common';
import { ownersAllowedBy, tenantPermissionRules, TenantQuery } from './rules';

/**
 * Which tenants a caller may read: `all`, `none`, or those passing `allows`; `ownerIn` is the
 * same condition as a database filter when the criteria can be written that way.
 */
export type TenantReadScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | {
      kind: 'some';
      allows: (tenant: OcdpTenant) => boolean;
      ownerIn?: string[];
    };

const transform = createConditionTransformer<
  TenantQuery,
  typeof tenantPermissionRules
>(tenantPermissionRules);
const isAllowed = createConditionAuthorizer(tenantPermissionRules);

/** The one place a decision on `ocdp.tenant.read` becomes a filter on tenants. */
export async function tenantReadScope(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<TenantReadScope> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: ocdpTenantReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return { kind: 'all' };
  if (decision.result !== AuthorizeResult.CONDITIONAL) return { kind: 'none' };
  return {
    kind: 'some',
    allows: tenant => isAllowed(decision, tenant),
    ownerIn: ownersAllowedBy(transform(decision.conditions)),
  };
}

/** Whether a scope lets the caller read this tenant. */
export function scopeAllows(scope: TenantReadScope, tenant: OcdpTenant) {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  return scope.allows(tenant);
}
