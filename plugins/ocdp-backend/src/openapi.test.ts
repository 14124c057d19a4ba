import { mockServices } from '@backstage/backend-test-utils';
import fs from 'fs';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { OcdpBackendConfig } from './config/readOcdpBackendConfig';
import yaml from 'js-yaml';
import path from 'path';
import { ClusterStatusService } from './clusters/ClusterStatusService';
import { createRouter } from './router';
import { TenantService } from './tenants/TenantService';
import { PrecheckService } from './precheck/PrecheckService';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { GpuMonitoringService } from './monitoring/GpuMonitoringService';
import { InstanceService } from './instances/InstanceService';

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
};

function routesOf(stack: Layer[]): string[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      return Object.keys(layer.route.methods).map(
        method => `${method.toUpperCase()} ${layer.route!.path}`,
      );
    }
    return layer.handle?.stack ? routesOf(layer.handle.stack) : [];
  });
}

describe('OpenAPI document', () => {
  it('documents exactly the routes the router serves', async () => {
    const spec = yaml.load(
      fs.readFileSync(path.join(__dirname, 'schema', 'openapi.yaml'), 'utf8'),
    ) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(spec.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter(method => method !== 'parameters')
        .map(
          method =>
            `${method.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`,
        ),
    );

    const router = (await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
      clusterStatus: {} as ClusterStatusService,
      tenants: {} as TenantService,
      clusters: {} as OcdpClustersService,
      config: {} as OcdpBackendConfig,
      precheck: {} as PrecheckService,
      chartProfiles: {},
      catalog: {} as CatalogService,
      monitoring: {} as GpuMonitoringService,
      instances: {} as InstanceService,
      chartNames: [],
    })) as unknown as { stack: Layer[] };

    expect(routesOf(router.stack).sort()).toEqual(documented.sort());
  });
});
