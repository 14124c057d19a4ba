import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  OCDP_INSTANCE_EVENTS_TOPIC,
  ocdpPermissions,
  ocdpTenantReadPermission,
  parseEnvironments,
} from '@ocdp/plugin-ocdp-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ocdpClustersServiceRef } from '@ocdp/plugin-ocdp-node';
import { DefaultClusterStateCache } from './clusters/cache/ClusterStateCache';
import { ClusterStatusService } from './clusters/ClusterStatusService';
import { NamespaceReader } from './precheck/NamespaceReader';
import { PrecheckService } from './precheck/PrecheckService';
import { readOcdpBackendConfig } from './config/readOcdpBackendConfig';
import { createGpuMonitoring } from './monitoring/createGpuMonitoring';
import { createRouter } from './router';
import { DatabaseInstanceStore } from './instances/DatabaseInstanceStore';
import { HelmReleaseClient } from './instances/HelmReleaseClient';
import { InstanceService } from './instances/InstanceService';
import { readInstanceCharts } from './instances/readInstanceCharts';
import { tenantPermissionRules, tenantResourceRef } from './permissions';
import { createInitialTenants } from './tenants/createInitialTenants';
import { TenantClusterSync } from './tenants/sync/TenantClusterSync';
import { TenantReconciler } from './tenants/TenantReconciler';
import { TenantMembers } from './tenants/TenantMembers';
import { TenantService } from './tenants/TenantService';
import { DatabaseTenantStore } from './tenants/DatabaseTenantStore';

/** Scheduler task id of the tenant reconcile loop (locked cluster-wide: one replica runs it). */
export const TENANT_RECONCILE_TASK_ID = 'ocdp-tenant-reconcile';
/** Scheduler task id of the instance status refresh (locked cluster-wide). */
export const INSTANCE_REFRESH_TASK_ID = 'ocdp-instance-refresh';

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
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        cache: coreServices.cache,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        clusters: ocdpClustersServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { httpRouter, permissionsRegistry, clusters, logger } = deps;
        const config = readOcdpBackendConfig(deps.config);

        permissionsRegistry.addPermissions(ocdpPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: tenantResourceRef,
          permissions: [ocdpTenantReadPermission],
          rules: tenantPermissionRules,
        });

        const store = await DatabaseTenantStore.create({
          database: deps.database,
        });
        const sync = new TenantClusterSync({
          clusters,
          memberClusterRole: config.memberClusterRole,
          podSecurity: config.podSecurity,
          limitRangeDefaultRequest: config.limitRangeDefaultRequest,
          protectedNamespaces: config.protectedNamespaces,
          timeoutMs: config.clusterTimeoutMs,
        });
        const members = new TenantMembers(deps.catalog, deps.auth, logger);
        const tenants = new TenantService({
          store,
          members,
          sync,
          clusters,
          config,
          logger,
        });
        const reconciler = new TenantReconciler({
          store,
          service: tenants,
          sync,
          members,
          clusters,
          logger,
        });
        const requestContext = {
          config,
          clusterNames: clusters.list().map(c => c.name),
        };
        const gpu = createGpuMonitoring({
          config: deps.config,
          clusters,
          cache: deps.cache,
          database: deps.database,
          store,
          logger,
        });
        const clusterState = new DefaultClusterStateCache({
          clusters,
          logger,
          listen: gpu.listen,
        });
        deps.lifecycle.addStartupHook(() => clusterState.start());
        deps.lifecycle.addShutdownHook(() => clusterState.stop());
        deps.lifecycle.addStartupHook(async () => {
          // A cluster that is down does not fail this: its bindings stay pending for the reconcile.
          await createInitialTenants(
            tenants,
            config.initialTenants,
            requestContext,
            logger,
          );
        });
        await deps.scheduler.scheduleTask({
          id: TENANT_RECONCILE_TASK_ID,
          frequency: config.reconcileFrequency,
          timeout: { minutes: 10 },
          initialDelay: { seconds: 1 },
          fn: async () => {
            await reconciler.reconcile();
          },
        });

        const precheck = new PrecheckService({
          namespaces: new NamespaceReader(clusters, config.clusterTimeoutMs),
          cache: clusterState,
          logger,
          cacheWaitMs: config.precheckCacheWaitMs,
        });
        const charts = readInstanceCharts(deps.config, config.chartProfiles);
        const instances = new InstanceService({
          store: await DatabaseInstanceStore.create({
            database: deps.database,
          }),
          precheck,
          releases: new HelmReleaseClient(clusters, config.clusterTimeoutMs),
          charts,
          environments: parseEnvironments(
            deps.config.getOptional('ocdp.environments'),
          ),
          logger,
          notify: async change =>
            deps.events.publish({
              topic: OCDP_INSTANCE_EVENTS_TOPIC,
              eventPayload: change,
            }),
        });
        await deps.scheduler.scheduleTask({
          id: INSTANCE_REFRESH_TASK_ID,
          frequency: config.reconcileFrequency,
          timeout: { minutes: 5 },
          initialDelay: { seconds: 2 },
          fn: async () => {
            await instances.refreshStatuses();
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            clusterStatus: new ClusterStatusService(
              clusters,
              deps.cache,
              clusterState,
            ),
            tenants,
            clusters,
            catalog: deps.catalog,
            monitoring: gpu.service(clusterState),
            config,
            chartProfiles: config.chartProfiles,
            precheck,
            instances,
            chartNames: Object.keys(charts),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
