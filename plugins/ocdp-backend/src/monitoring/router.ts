import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ocdpClusterReadPermission } from '@ocdp/plugin-ocdp-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import Router from 'express-promise-router';
import { GpuMonitoringService } from './GpuMonitoringService';
import { monitoringScope } from './monitoringScope';
import { podSelectorOf } from './podSelector';
import { parseRange } from './utilizationMath';

const GROUP_BY = ['all', 'tenant', 'node'] as const;

function single(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`${field}: give it once, as a string`);
  }
  return value;
}

function pendingLimitOf(value: unknown): number {
  const text = single(value, 'pendingLimit');
  if (text === undefined) return 200;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n < 1 || n > 1000) {
    throw new InputError(
      `pendingLimit: "${text}" is not a whole number from 1 to 1000`,
    );
  }
  return n;
}

export function createMonitoringRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  clusters: OcdpClustersService;
  catalog: CatalogService;
  monitoring: GpuMonitoringService;
}) {
  const { httpAuth, permissions, clusters, catalog, monitoring } = options;
  const router = Router();

  router.get('/clusters/:cluster/gpu', async (req, res) => {
    const pendingLimit = pendingLimitOf(req.query.pendingLimit);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const scope = await monitoringScope(permissions, credentials, {
      required: true,
    });
    clusters.get(req.params.cluster);
    res.json(
      await monitoring.report(req.params.cluster, scope, { pendingLimit }),
    );
  });

  router.get('/clusters/:cluster/gpu/utilization', async (req, res) => {
    const range = single(req.query.range, 'range') ?? '1h';
    if (parseRange(range) === undefined) {
      throw new InputError(
        `range: "${range}" is not a range like 15m, 6h or 7d (from 5m to 30d)`,
      );
    }
    const groupBy = single(req.query.groupBy, 'groupBy') ?? 'all';
    if (!(GROUP_BY as readonly string[]).includes(groupBy)) {
      throw new InputError(
        `groupBy: "${groupBy}" is not one of ${GROUP_BY.join(', ')}`,
      );
    }
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const scope = await monitoringScope(permissions, credentials, {
      required: true,
    });
    if (groupBy === 'node' && scope.kind !== 'cluster') {
      throw new NotAllowedError(
        `you may not see GPU use by node (${ocdpClusterReadPermission.name})`,
      );
    }
    clusters.get(req.params.cluster);
    res.json(
      await monitoring.utilizationSeries(req.params.cluster, scope, {
        range,
        groupBy: groupBy as (typeof GROUP_BY)[number],
      }),
    );
  });

  router.get('/entity/:kind/:namespace/:name/gpu', async (req, res) => {
    const { kind, namespace, name } = req.params;
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const scope = await monitoringScope(permissions, credentials, {
      required: true,
    });
    const entity = await catalog.getEntityByRef(
      { kind, namespace, name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `no entity ${kind}:${namespace}/${name} in the catalog`,
      );
    }
    const ref = `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
    res.json(await monitoring.entityUsage(ref, podSelectorOf(entity), scope));
  });

  return router;
}
