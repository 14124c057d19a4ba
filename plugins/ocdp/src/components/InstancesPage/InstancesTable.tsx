import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OcdpInstance } from '@ocdp/plugin-ocdp-common';
import { InstanceStatus } from '../EntityModelInstanceCard/InstanceStatus';
import { describeGpu } from '../EntityModelInstanceCard/instanceValues';

function modelOf(instance: OcdpInstance): string {
  const model = instance.values.model as { id?: unknown } | undefined;
  return typeof model?.id === 'string' ? model.id : '—';
}

function gpusOf(instance: OcdpInstance): string {
  return describeGpu(instance.values) ?? '—';
}

const columns: TableColumn<OcdpInstance>[] = [
  {
    title: 'Name',
    field: 'name',
    highlight: true,
    render: instance => (
      <EntityRefLink
        entityRef={{
          kind: 'component',
          namespace: 'default',
          name: instance.kubernetesId,
        }}
      >
        {instance.name}
      </EntityRefLink>
    ),
  },
  {
    title: 'Status',
    field: 'status',
    render: instance => <InstanceStatus status={instance.status} />,
  },
  { title: 'Tenant', field: 'tenant' },
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'Model',
    customSort: (a, b) => modelOf(a).localeCompare(modelOf(b)),
    render: modelOf,
  },
  { title: 'GPUs per replica', render: gpusOf, sorting: false },
  {
    title: 'Replicas',
    sorting: false,
    render: instance =>
      typeof instance.values.replicaCount === 'number'
        ? instance.values.replicaCount
        : '—',
  },
  {
    title: 'Owner',
    field: 'owner',
    render: instance => <EntityRefLink entityRef={instance.owner} />,
  },
];

/** Instances with links to their catalog entities. */
export const InstancesTable = (props: {
  instances: OcdpInstance[];
  loading: boolean;
}) => (
  <Table<OcdpInstance>
    title={`Instances (${props.instances.length})`}
    isLoading={props.loading}
    options={{
      paging: props.instances.length > 20,
      pageSize: 20,
      search: true,
    }}
    columns={columns}
    data={props.instances}
    emptyContent={
      <div style={{ padding: 16 }}>
        No model instance matches. Deploy one from a software template.
      </div>
    }
  />
);
