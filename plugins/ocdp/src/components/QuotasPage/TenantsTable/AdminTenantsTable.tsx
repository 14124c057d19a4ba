import { Table } from '@backstage/core-components';
import { Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { OcdpCluster, OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { useMemo, useRef, useState } from 'react';
import { QuotaPermissions } from '../../../hooks/useQuotaPermissions';
import { AddClusterDialog } from '../AddClusterDialog';
import { DeleteTenantDialog } from '../DeleteTenantDialog';
import {
  EditedBinding,
  editedBindingFromUsage,
  EditQuotaDialog,
} from '../EditQuotaDialog';
import { tenantColumns } from './tenantColumns';
import { TenantDetailPanel } from './TenantDetailPanel';

/**
 * One page of tenants, for admins. A row expands to the tenant's live usage, which is only
 * then loaded, so a page of tenants costs one request per tenant opened.
 */
export const AdminTenantsTable = (props: {
  tenants: OcdpTenant[];
  /** How many tenants match over all pages. */
  totalCount: number;
  loading?: boolean;
  permissions: QuotaPermissions;
  onChanged: () => void;
}) => {
  const { tenants, totalCount, loading, permissions, onChanged } = props;
  const [editing, setEditing] = useState<{
    tenant: string;
    binding: EditedBinding;
  }>();
  const [adding, setAdding] = useState<{
    tenant: OcdpTenant;
    clusters: OcdpCluster[];
  }>();
  const [deleting, setDeleting] = useState<string>();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
  const [reloadKeys, setReloadKeys] = useState<Record<string, number>>({});

  const reloadUsage = (tenant: string) =>
    setReloadKeys(keys => ({ ...keys, [tenant]: (keys[tenant] ?? 0) + 1 }));
  // The table closes open rows whenever its columns or panels change identity, so both are
  // kept stable; panels read the latest reload keys through a ref.
  const reloadKeysRef = useRef(reloadKeys);
  reloadKeysRef.current = reloadKeys;
  const columns = useMemo(
    () => tenantColumns(narrow, permissions.canDelete, setDeleting),
    [narrow, permissions.canDelete],
  );
  // Rows with an `id` keep their open panel when the tenant list is loaded again.
  const rows = useMemo(
    () => tenants.map(tenant => ({ ...tenant, id: tenant.name })),
    [tenants],
  );
  const canEditQuota = permissions.canEditQuota;
  const detailPanel = useMemo(
    () => [
      {
        tooltip: 'Show usage',
        render: ({ rowData }: { rowData: OcdpTenant }) => (
          <TenantDetailPanel
            tenant={rowData}
            reloadKey={reloadKeysRef.current[rowData.name] ?? 0}
            onEdit={
              canEditQuota
                ? usage =>
                    setEditing({
                      tenant: rowData.name,
                      binding: editedBindingFromUsage(usage),
                    })
                : undefined
            }
            onAddCluster={
              canEditQuota
                ? clusters => setAdding({ tenant: rowData, clusters })
                : undefined
            }
          />
        ),
      },
    ],
    [canEditQuota],
  );

  return (
    <>
      <Table<OcdpTenant>
        title={`Tenants (${totalCount})`}
        isLoading={loading}
        options={{
          padding: 'dense',
          paging: false,
          search: false,
          sorting: false,
        }}
        columns={columns}
        data={rows}
        onRowClick={(_event, _row, togglePanel) => togglePanel?.()}
        detailPanel={detailPanel}
      />
      {editing && (
        <EditQuotaDialog
          tenant={editing.tenant}
          binding={editing.binding}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            reloadUsage(editing.tenant);
            setEditing(undefined);
          }}
        />
      )}
      {adding && (
        <AddClusterDialog
          tenant={adding.tenant}
          clusters={adding.clusters}
          onClose={() => setAdding(undefined)}
          onAdded={() => {
            reloadUsage(adding.tenant.name);
            setAdding(undefined);
            onChanged();
          }}
        />
      )}
      {deleting && (
        <DeleteTenantDialog
          tenant={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setDeleting(undefined);
            onChanged();
          }}
        />
      )}
    </>
  );
};
