import { Table, TableColumn } from '@backstage/core-components';
import IconButton from '@material-ui/core/IconButton';
import { Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import DeleteIcon from '@material-ui/icons/Delete';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OcdpCluster, OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { useMemo, useRef, useState } from 'react';
import { QuotaPermissions } from '../../hooks/useQuotaPermissions';
import { AddClusterDialog } from './AddClusterDialog';
import { DeleteTenantDialog } from './DeleteTenantDialog';
import { EditedBinding, EditQuotaDialog } from './EditQuotaDialog';
import { TenantBindingsSummary } from './TenantBindingsSummary';
import { TenantDetailPanel } from './TenantDetailPanel';

const WRAP = { wordBreak: 'break-word' } as const;

/**
 * On phones only name, owner and actions stay: the expanded row shows each binding's
 * cluster, namespace and sync status.
 */
function tenantColumns(
  narrow: boolean,
  canDelete: boolean,
  onDelete: (tenant: string) => void,
): TableColumn<OcdpTenant>[] {
  const columns: TableColumn<OcdpTenant>[] = [
    { title: 'Tenant', field: 'name', highlight: true, cellStyle: WRAP },
    {
      title: 'Owner',
      field: 'owner',
      cellStyle: WRAP,
      render: tenant => <EntityRefLink entityRef={tenant.owner} />,
    },
    {
      title: 'Type',
      field: 'personal',
      hidden: narrow,
      searchable: false,
      render: tenant => (tenant.personal ? 'Personal' : 'Team'),
    },
    {
      title: 'Clusters',
      hidden: narrow,
      sorting: false,
      searchable: false,
      render: tenant => <TenantBindingsSummary bindings={tenant.bindings} />,
    },
  ];
  if (canDelete) {
    columns.push({
      title: 'Actions',
      sorting: false,
      searchable: false,
      render: tenant => (
        <IconButton
          size="small"
          aria-label={`Delete tenant ${tenant.name}`}
          onClick={event => {
            event.stopPropagation();
            onDelete(tenant.name);
          }}
        >
          <DeleteIcon />
        </IconButton>
      ),
    });
  }
  return columns;
}

/**
 * Every tenant, for admins. A row expands to the tenant's live usage, which is only then
 * loaded, so a page of tenants costs one request per tenant opened.
 */
export const AdminTenantsTable = (props: {
  tenants: OcdpTenant[];
  permissions: QuotaPermissions;
  onChanged: () => void;
}) => {
  const { tenants, permissions, onChanged } = props;
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
                      binding: {
                        cluster: usage.cluster,
                        namespace: usage.namespace,
                        quota: usage.spec,
                        version: usage.version,
                      },
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
        title={`Tenants (${tenants.length})`}
        options={{
          padding: 'dense',
          paging: tenants.length > 20,
          pageSize: 20,
          pageSizeOptions: [20, 50, 100],
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
