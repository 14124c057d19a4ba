import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { ChartProfile } from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import express from 'express';
import Router from 'express-promise-router';
import { scopeAllows, tenantReadScope } from '../permissions';
import { TenantService } from '../tenants/TenantService';
import { parsePrecheckRequest } from './parsePrecheckRequest';
import { PrecheckService } from './PrecheckService';

export interface PrecheckRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  tenants: TenantService;
  clusters: OcdpClustersService;
  precheck: PrecheckService;
  chartProfiles: Record<string, ChartProfile>;
}

/** `POST /precheck`: read-only, for members of the tenant (others learn nothing: 403). */
export function createPrecheckRouter(
  options: PrecheckRouterOptions,
): express.Router {
  const { httpAuth, permissions, tenants, clusters, precheck } = options;
  const router = Router();

  router.post('/precheck', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const input = parsePrecheckRequest(req.body, {
      clusterNames: clusters.list().map(c => c.name),
      chartProfiles: options.chartProfiles,
    });
    const scope = await tenantReadScope(permissions, credentials);
    const tenant =
      scope.kind === 'none' ? undefined : await tenants.find(input.tenant);
    if (!tenant && scope.kind === 'all') {
      throw new NotFoundError(`tenant "${input.tenant}" does not exist`);
    }
    if (!tenant || !scopeAllows(scope, tenant)) {
      throw new NotAllowedError(
        `you may not check deployments of tenant "${input.tenant}"`,
      );
    }
    res.json(await precheck.check(input, tenant));
  });

  return router;
}
