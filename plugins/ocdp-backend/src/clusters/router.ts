import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ocdpClusterListPermission } from '@ocdp/plugin-ocdp-common';
import Router from 'express-promise-router';
import { requirePermission } from '../permissions';
import { ClusterStatusService } from './ClusterStatusService';
import { GpuMonitoringService } from '../monitoring/GpuMonitoringService';
import { monitoringScope } from '../monitoring/monitoringScope';

export function createClustersRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  clusterStatus: ClusterStatusService;
  /** Adds each cluster's GPU summary, in the caller's scope. */
  monitoring?: GpuMonitoringService;
}) {
  const { httpAuth, permissions, clusterStatus, monitoring } = options;
  const router = Router();

  router.get('/clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission({
      permissions,
      credentials,
      permission: ocdpClusterListPermission,
      action: 'list clusters',
    });
    const items = await clusterStatus.list();
    if (monitoring) {
      const scope = await monitoringScope(permissions, credentials, {
        required: false,
      });
      await Promise.all(
        items.map(async cluster => {
          const gpu = await monitoring.summary(cluster.name, scope);
          if (gpu) cluster.gpu = gpu;
        }),
      );
    }
    res.json({ items });
  });

  return router;
}
