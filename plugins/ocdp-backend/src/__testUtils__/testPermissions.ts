import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  IS_TENANT_MEMBER_RULE,
  OCDP_TENANT_RESOURCE_TYPE,
  ocdpClusterListPermission,
  ocdpInstanceCreatePermission,
  ocdpInstanceDeletePermission,
  ocdpInstanceUpdatePermission,
  ocdpTenantReadPermission,
} from '@ocdp/plugin-ocdp-common';

/** What every user may do, as in the example portal's policy (routes check membership too). */
const MEMBER_PERMISSIONS = [
  ocdpClusterListPermission.name,
  ocdpInstanceCreatePermission.name,
  ocdpInstanceUpdatePermission.name,
  ocdpInstanceDeletePermission.name,
];

/** The admin of the test permission policy. */
export const ADMIN = 'user:default/ada';

/** A user the test policy denies every OCDP permission. */
export const DENIED_USER = 'user:default/mallory';

/** Group memberships the test policy gives users as ownership claims. */
export const TEST_GROUPS: Record<string, string[]> = {
  'user:default/ben': ['group:default/team-vision'],
  'user:default/cleo': ['group:default/team-nlp'],
};

function decide(
  permissionName: string,
  credentials: BackstageCredentials,
): PolicyDecision {
  const principal = credentials.principal as { userEntityRef?: string };
  const user = principal.userEntityRef;
  if (!user || user === DENIED_USER) return { result: AuthorizeResult.DENY };
  if (user === ADMIN) return { result: AuthorizeResult.ALLOW };
  if (MEMBER_PERMISSIONS.includes(permissionName)) {
    return { result: AuthorizeResult.ALLOW };
  }
  if (permissionName === ocdpTenantReadPermission.name) {
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'ocdp',
      resourceType: OCDP_TENANT_RESOURCE_TYPE,
      conditions: {
        rule: IS_TENANT_MEMBER_RULE,
        resourceType: OCDP_TENANT_RESOURCE_TYPE,
        params: { claims: [user, ...(TEST_GROUPS[user] ?? [])] },
      },
    };
  }
  return { result: AuthorizeResult.DENY };
}

/**
 * A permissions service with the example portal's rules: `ADMIN` may do everything, other users
 * list clusters, manage instances and read the tenants they or their groups own, and nothing else; services and
 * `DENIED_USER` nothing at all.
 */
export function testPermissions() {
  return mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r => {
        const decision = decide(r.permission.name, options.credentials);
        return decision.result === AuthorizeResult.CONDITIONAL
          ? { result: AuthorizeResult.DENY }
          : decision;
      }) as any,
    authorizeConditional: async (requests, options) =>
      requests.map(r => decide(r.permission.name, options.credentials)) as any,
  });
}
