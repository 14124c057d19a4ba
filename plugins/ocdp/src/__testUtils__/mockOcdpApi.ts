import { OcdpApi } from '../api';
import { pageOfTenants } from './tenantPages';

function notMocked(method: string) {
  return () => Promise.reject(new Error(`OcdpApi.${method} is not mocked`));
}

/**
 * An OcdpApi whose methods fail unless overridden. When only `listTenants` is overridden,
 * `listTenantsPage` pages, searches and filters what it returns, as the backend does.
 */
export function mockOcdpApi(overrides: Partial<OcdpApi> = {}): OcdpApi {
  const { listTenants } = overrides;
  return {
    listClusters: notMocked('listClusters'),
    listTenants: notMocked('listTenants'),
    listTenantsPage: listTenants
      ? jest.fn(async query => pageOfTenants(await listTenants(), query))
      : notMocked('listTenantsPage'),
    getTenant: notMocked('getTenant'),
    createTenant: notMocked('createTenant'),
    updateQuota: notMocked('updateQuota'),
    deleteTenant: notMocked('deleteTenant'),
    getTenantUsage: notMocked('getTenantUsage'),
    downloadKubeconfig: notMocked('downloadKubeconfig'),
    getClusterGpu: notMocked('getClusterGpu'),
    getClusterGpuUtilization: notMocked('getClusterGpuUtilization'),
    getEntityGpu: notMocked('getEntityGpu'),
    listInstances: notMocked('listInstances'),
    getInstance: notMocked('getInstance'),
    scaleInstance: notMocked('scaleInstance'),
    changeInstanceValues: notMocked('changeInstanceValues'),
    deleteInstance: notMocked('deleteInstance'),
    precheck: notMocked('precheck'),
    ...overrides,
  };
}
