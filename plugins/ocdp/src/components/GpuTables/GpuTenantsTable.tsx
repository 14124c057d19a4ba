import { TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { TenantGpuRow } from '@ocdp/plugin-ocdp-common';
import { GpuTable } from './GpuTable';
import { holdingColumns } from './holdingColumns';

/** GPUs held per tenant (and per namespace no tenant binds). */
export const GpuTenantsTable = (props: {
  tenants: TenantGpuRow[];
  utilization: boolean;
  subtitle?: string;
}) => {
  const columns: TableColumn<TenantGpuRow>[] = [
    {
      title: 'Tenant',
      field: 'tenant',
      highlight: true,
      render: row => row.tenant ?? '(no tenant)',
    },
    {
      title: 'Owner',
      field: 'owner',
      render: row =>
        row.owner ? <EntityRefLink entityRef={row.owner} /> : '—',
    },
    {
      title: 'Namespaces',
      sorting: false,
      render: row => row.namespaces.join(', '),
    },
    ...holdingColumns<TenantGpuRow>({ utilization: props.utilization }),
  ];
  return (
    <GpuTable
      title="Tenants"
      subtitle={props.subtitle}
      columns={columns}
      data={props.tenants}
      emptyText="No tenant holds GPUs on this cluster."
    />
  );
};
