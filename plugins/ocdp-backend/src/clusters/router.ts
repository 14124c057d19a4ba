import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ocdpClusterListPermission } from '@ocdp/plugin-ocdp-common';
import Router from 'express-promise-router';
import { requirePermission } from '../permissions';
import { ClusterStatusService } from './ClusterStatusService';

export function createClustersRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  clusterStatus: ClusterStatusService;
}) {
  const { httpAuth, permissions, clusterStatus } = options;
  const router = Router();

  router.get('/clusters', async (req, res) => {
    await requirePermission({
      permissions,
      credentials: await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      }),
      permission: ocdpClusterListPermission,
      action: 'list clusters',
    });
    res.json({ items: await clusterStatus.list() });
  });

  return router;
}
