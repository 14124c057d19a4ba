import { OcdpApi } from '../api';

function notMocked(method: string) {
  return () => Promise.reject(new Error(`OcdpApi.${method} is not mocked`));
}

/** An OcdpApi whose methods fail unless overridden. */
export function mockOcdpApi(overrides: Partial<OcdpApi> = {}): OcdpApi {
  return {
    listClusters: notMocked('listClusters'),
    listTenants: notMocked('listTenants'),
    listTenantsPage: notMocked('listTenantsPage'),
    getTenant: notMocked('getTenant'),
    createTenant: notMocked('createTenant'),
    updateQuota: notMocked('updateQuota'),
    deleteTenant: notMocked('deleteTenant'),
    getTenantUsage: notMocked('getTenantUsage'),
    ...overrides,
  };
}
