import { TableColumn } from '@backstage/core-components';
import { GpuModelRow } from '@ocdp/plugin-ocdp-common';
import { formatCount, formatMiB, productLabel } from '../GpuShared';
import { GpuTable } from './GpuTable';

const columns: TableColumn<GpuModelRow>[] = [
  {
    title: 'GPU model',
    field: 'product',
    highlight: true,
    render: m => productLabel(m.product),
  },
  {
    title: 'GPU memory',
    field: 'memoryMiB',
    type: 'numeric',
    render: m => formatMiB(m.memoryMiB),
  },
  { title: 'Nodes', field: 'nodes', type: 'numeric' },
  {
    title: 'Allocated',
    field: 'allocated',
    type: 'numeric',
    render: m => `${formatCount(m.allocated)} / ${formatCount(m.allocatable)}`,
  },
  { title: 'Free', field: 'free', type: 'numeric' },
  {
    title: 'Sharing',
    sorting: false,
    render: m => m.sharingStrategies.join(', ') || '—',
  },
];

/** Allocation by GPU model (GPU Feature Discovery product labels). */
export const GpuModelsTable = (props: { models: GpuModelRow[] }) => (
  <GpuTable
    title="GPU models"
    columns={columns}
    data={props.models}
    emptyText="No GPU nodes."
  />
);
