import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ocdpPermissions } from '@ocdp/plugin-ocdp-common';
import { ocdpClustersServiceRef } from '@ocdp/plugin-ocdp-node';
import { ClusterStatusService } from './clusters/ClusterStatusService';
import { applyDatabaseMigrations } from './database/migrations';
import { createRouter } from './router';

/**
 * The OCDP backend plugin: tenants, quotas, model instances, cluster access and GPU monitoring.
 *
 * @public
 */
export const ocdpPlugin = createBackendPlugin({
  pluginId: 'ocdp',
  register(env) {
    env.registerInit({
      deps: {
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        cache: coreServices.cache,
        database: coreServices.database,
        permissionsRegistry: coreServices.permissionsRegistry,
        clusters: ocdpClustersServiceRef,
      },
      async init({
        httpAuth,
        httpRouter,
        cache,
        database,
        permissionsRegistry,
        clusters,
      }) {
        await applyDatabaseMigrations(database);
        permissionsRegistry.addPermissions(ocdpPermissions);
        const clusterStatus = new ClusterStatusService(clusters, cache);
        httpRouter.use(await createRouter({ httpAuth, clusterStatus }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
