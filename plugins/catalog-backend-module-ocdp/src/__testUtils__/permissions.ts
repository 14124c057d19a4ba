import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PermissionEvaluator,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import {
  IS_TENANT_MEMBER_RULE,
  OCDP_TENANT_RESOURCE_TYPE,
  ocdpTenantReadPermission,
} from '@ocdp/plugin-ocdp-common';

/** The admin of the test policy. */
export const ADMIN = 'user:default/ada';

/**
 * The example portal's rules in short: the admin may do everything, other users read the tenants
 * they own and may do every other OCDP thing (the routes check membership).
 */
function decide(permission: string, user: string): PolicyDecision {
  if (user === ADMIN) return { result: AuthorizeResult.ALLOW };
  if (permission === ocdpTenantReadPermission.name) {
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'ocdp',
      resourceType: OCDP_TENANT_RESOURCE_TYPE,
      conditions: {
        rule: IS_TENANT_MEMBER_RULE,
        resourceType: OCDP_TENANT_RESOURCE_TYPE,
        params: { claims: [user] },
      },
    };
  }
  return { result: AuthorizeResult.ALLOW };
}

/**
 * The policy, asked with the on-behalf-of token the permissions client sends; the token is read
 * as the permission backend would read it.
 */
function policyEvaluator(): PermissionEvaluator {
  const auth = mockServices.auth({ pluginId: 'permission' });
  const userOf = async (options?: object) => {
    const token = (options as { token?: string } | undefined)?.token;
    const credentials = await auth.authenticate(token ?? '');
    if (!auth.isPrincipal(credentials, 'user')) {
      throw new Error('only user requests reach the policy');
    }
    return credentials.principal.userEntityRef;
  };
  return {
    authorize: async (requests, options) => {
      const user = await userOf(options);
      return requests.map(r => {
        const decision = decide(r.permission.name, user);
        return decision.result === AuthorizeResult.CONDITIONAL
          ? { result: AuthorizeResult.DENY }
          : decision;
      }) as any;
    },
    authorizeConditional: async (queries, options) => {
      const user = await userOf(options);
      return queries.map(q => decide(q.permission.name, user)) as any;
    },
  };
}

/**
 * The backend's real permissions client (`ServerPermissionClient`, as `@backstage/backend-defaults`
 * installs it) with the permission framework enabled: it decides service principals itself, as
 * in production, and asks the test policy about users in place of the permission backend.
 */
export const testPermissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: { auth: coreServices.auth },
  factory({ auth }) {
    const Client = ServerPermissionClient as unknown as new (options: {
      auth: AuthService;
      permissionClient: PermissionEvaluator;
      permissionEnabled: boolean;
    }) => ServerPermissionClient;
    return new Client({
      auth,
      permissionClient: policyEvaluator(),
      permissionEnabled: true,
    });
  },
});
