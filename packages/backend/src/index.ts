import { createBackend } from '@backstage/backend-defaults';
import { ocdpPermissionPolicyModule } from './permissions/module';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@ocdp/plugin-catalog-backend-module-ocdp'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(ocdpPermissionPolicyModule);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@ocdp/plugin-scaffolder-backend-module-ocdp'));

backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@ocdp/plugin-ocdp-backend'));

backend.start();
