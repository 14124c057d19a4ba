import { TableColumn } from '@backstage/core-components';
import { PendingGpuPod } from '@ocdp/plugin-ocdp-common';
import { formatCount, otherResources, productLabel } from '../GpuShared';
import { GpuTable } from './GpuTable';

const columns: TableColumn<PendingGpuPod>[] = [
  {
    title: 'Pod',
    field: 'name',
    highlight: true,
    render: p => `${p.namespace}/${p.name}`,
  },
  { title: 'Tenant', field: 'tenant', render: p => p.tenant ?? '—' },
  {
    title: 'Asks for',
    field: 'gpus',
    render: p =>
      [
        p.gpus > 0 ? `${formatCount(p.gpus)} GPUs` : '',
        ...otherResources(p.resources),
      ]
        .filter(Boolean)
        .join(', '),
  },
  {
    title: 'GPU model',
    field: 'product',
    render: p => (p.product ? productLabel(p.product) : 'any'),
  },
  {
    title: 'Why it waits',
    field: 'reason',
    cellStyle: { minWidth: 320, whiteSpace: 'normal' },
    render: p => p.reason ?? '—',
  },
];

/** Pending pods that ask for GPUs: queued demand, with the scheduler's reason. */
export const GpuPendingTable = (props: {
  pending: PendingGpuPod[];
  total: number;
}) => (
  <GpuTable
    title="Pending GPU demand"
    subtitle={
      props.total > props.pending.length
        ? `${props.pending.length} of ${props.total} pending pods`
        : undefined
    }
    columns={columns}
    data={props.pending}
    emptyText="No pod is waiting for GPUs."
  />
);
