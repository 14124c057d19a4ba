import { HttpAuthService } from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { ClusterStatusService } from './ClusterStatusService';

export function createClustersRouter(options: {
  httpAuth: HttpAuthService;
  clusterStatus: ClusterStatusService;
}) {
  const { httpAuth, clusterStatus } = options;
  const router = Router();

  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: await clusterStatus.list() });
  });

  return router;
}
