import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  DEFAULT_ADMIN_GROUPS,
  OcdpDemoPermissionPolicy,
} from './OcdpDemoPermissionPolicy';

/** Installs the example portal's OCDP permission policy. */
export const ocdpPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ocdp-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        policy.setPolicy(
          new OcdpDemoPermissionPolicy(
            config.getOptionalStringArray('ocdp.adminGroups') ??
              DEFAULT_ADMIN_GROUPS,
          ),
        );
      },
    });
  },
});
