import express from 'express';
import Router from 'express-promise-router';
import { ClusterStatusService } from './clusters/ClusterStatusService';
import { createClustersRouter } from './clusters/router';
import { createTenantsRouter, TenantsRouterOptions } from './tenants/router';
import { createPrecheckRouter } from './precheck/router';
import { PrecheckService } from './precheck/PrecheckService';
import { ChartProfile } from '@ocdp/plugin-ocdp-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { GpuMonitoringService } from './monitoring/GpuMonitoringService';
import { createMonitoringRouter } from './monitoring/router';
import { InstanceService } from './instances/InstanceService';
import { createInstancesRouter } from './instances/router';

/** Request bodies larger than this are refused with 413. */
export const MAX_BODY_BYTES = '256kb';

export interface RouterOptions extends TenantsRouterOptions {
  clusterStatus: ClusterStatusService;
  precheck: PrecheckService;
  chartProfiles: Record<string, ChartProfile>;
  catalog: CatalogService;
  monitoring: GpuMonitoringService;
  instances: InstanceService;
  chartNames: string[];
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: MAX_BODY_BYTES }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(createClustersRouter(options));
  router.use(createTenantsRouter(options));
  router.use(createPrecheckRouter(options));
  router.use(createMonitoringRouter(options));
  router.use(createInstancesRouter(options));

  return router;
}
