import { TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { UserGpuRow } from '@ocdp/plugin-ocdp-common';
import { GpuTable } from './GpuTable';
import { holdingColumns } from './holdingColumns';

/** GPUs held per user (instance owners, or the tenant's owner for other pods). */
export const GpuUsersTable = (props: {
  users: UserGpuRow[];
  utilization: boolean;
  subtitle?: string;
}) => {
  const columns: TableColumn<UserGpuRow>[] = [
    {
      title: 'User',
      field: 'owner',
      highlight: true,
      render: row => <EntityRefLink entityRef={row.owner} />,
    },
    {
      title: 'Tenants',
      sorting: false,
      render: row => row.tenants.join(', '),
    },
    ...holdingColumns<UserGpuRow>({ utilization: props.utilization }),
  ];
  return (
    <GpuTable
      title="Users"
      subtitle={props.subtitle}
      columns={columns}
      data={props.users}
      emptyText="No user holds GPUs on this cluster."
    />
  );
};
