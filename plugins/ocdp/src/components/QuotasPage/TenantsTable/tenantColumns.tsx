import { TableColumn } from '@backstage/core-components';
import IconButton from '@material-ui/core/IconButton';
import DeleteIcon from '@material-ui/icons/Delete';
import { OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { TenantOwner } from '../../TenantOwner';
import { TenantBindingsSummary } from './TenantBindingsSummary';

const WRAP = { wordBreak: 'break-word' } as const;

/**
 * On phones only name, owner and actions stay: the expanded row shows each binding's
 * cluster, namespace and sync status.
 */
export function tenantColumns(
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
      render: tenant => <TenantOwner owner={tenant.owner} />,
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
