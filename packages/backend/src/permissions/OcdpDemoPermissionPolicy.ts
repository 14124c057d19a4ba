import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  IS_TENANT_MEMBER_RULE,
  OCDP_TENANT_RESOURCE_TYPE,
  ocdpClusterListPermission,
  ocdpInstanceCreatePermission,
  ocdpInstanceDeletePermission,
  ocdpInstanceUpdatePermission,
  ocdpTenantReadPermission,
} from '@ocdp/plugin-ocdp-common';

/** Groups whose members may do everything in OCDP, unless `ocdp.adminGroups` says otherwise. */
export const DEFAULT_ADMIN_GROUPS = ['group:default/platform-admins'];

const MEMBER_PERMISSIONS = [
  ocdpClusterListPermission,
  ocdpInstanceCreatePermission,
  ocdpInstanceUpdatePermission,
  ocdpInstanceDeletePermission,
];

/**
 * The example portal's policy. Platform admins may do everything in OCDP. Everyone else reads only
 * the tenants they belong to, may list the clusters, may manage model instances (each route checks the instance's tenant
 * membership too), and is denied every other OCDP permission. Non-OCDP permissions are allowed,
 * as in a local demo portal.
 */
export class OcdpDemoPermissionPolicy implements PermissionPolicy {
  constructor(private readonly adminGroups: string[] = DEFAULT_ADMIN_GROUPS) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const name = request.permission.name;
    if (!name.startsWith('ocdp.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    const ownership = user?.info.ownershipEntityRefs ?? [];
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    if (ownership.some(ref => this.adminGroups.includes(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(request.permission, ocdpTenantReadPermission)) {
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'ocdp',
        resourceType: OCDP_TENANT_RESOURCE_TYPE,
        conditions: {
          rule: IS_TENANT_MEMBER_RULE,
          resourceType: OCDP_TENANT_RESOURCE_TYPE,
          params: { claims: ownership },
        },
      };
    }
    if (MEMBER_PERMISSIONS.some(p => isPermission(request.permission, p))) {
      return { result: AuthorizeResult.ALLOW };
    }
    return { result: AuthorizeResult.DENY };
  }
}
