import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useState } from 'react';
import { useDebouncedValue } from '../../../hooks/useDebouncedValue';
import { QuotaPermissions } from '../../../hooks/useQuotaPermissions';
import { useTenantPage } from '../../../hooks/useTenantPage';
import { AdminTenantsTable } from './AdminTenantsTable';
import { TenantFilters } from './TenantFilters';
import { TENANT_PAGE_SIZES, TenantPager } from './TenantPager';

/** How long the search box waits for typing to stop before asking the server. */
export const SEARCH_DEBOUNCE_MS = 300;

/**
 * Every tenant, for admins, a page at a time from the server: search by name or owner, filter
 * by cluster, previous / next. `reloadKey` reloads the shown page when it changes (a tenant
 * was created elsewhere on the page).
 */
export const AllTenants = (props: {
  permissions: QuotaPermissions;
  reloadKey: number;
}) => {
  const { permissions, reloadKey } = props;
  const [search, setSearch] = useState('');
  const [cluster, setCluster] = useState('');
  const [pageSize, setPageSize] = useState<number>(TENANT_PAGE_SIZES[0]);
  const q = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const page = useTenantPage({ q, cluster, pageSize }, reloadKey);

  return (
    <>
      <TenantFilters
        search={search}
        cluster={cluster}
        onSearchChange={setSearch}
        onClusterChange={setCluster}
      />
      {page.error && <ResponseErrorPanel error={page.error} />}
      {page.loading && !page.tenants && <Progress />}
      {page.tenants && (
        <>
          <AdminTenantsTable
            tenants={page.tenants}
            totalCount={page.totalCount ?? page.tenants.length}
            loading={page.loading}
            permissions={permissions}
            onChanged={page.reload}
          />
          <TenantPager
            pageIndex={page.pageIndex}
            pageSize={pageSize}
            shown={page.tenants.length}
            totalCount={page.totalCount ?? page.tenants.length}
            hasPrevious={page.hasPrevious}
            hasNext={page.hasNext}
            disabled={page.loading}
            onPrevious={page.previous}
            onNext={page.next}
            onPageSizeChange={setPageSize}
          />
        </>
      )}
    </>
  );
};
