import { TableColumn } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import { GpuNodeRow } from '@ocdp/plugin-ocdp-common';
import {
  formatCount,
  formatMiB,
  formatPercent,
  otherResources,
  productLabel,
} from '../GpuShared';
import { GpuTable } from './GpuTable';

const nodeResources = (node: GpuNodeRow) =>
  otherResources(
    Object.fromEntries(
      Object.entries(node.resources).map(([k, v]) => [k, v.allocatable]),
    ),
  ).join(', ') || '—';

const allocationColumns: TableColumn<GpuNodeRow>[] = [
  {
    title: 'Node',
    field: 'name',
    highlight: true,
    render: node => (
      <>
        {node.name}
        {!node.ready && <Chip size="small" label="not ready" />}
        {node.unschedulable && <Chip size="small" label="cordoned" />}
      </>
    ),
  },
  {
    title: 'GPU model',
    field: 'product',
    render: node => productLabel(node.product),
  },
  {
    title: 'GPU memory',
    field: 'memoryMiB',
    type: 'numeric',
    render: node => formatMiB(node.memoryMiB),
  },
  {
    title: 'Allocated',
    customSort: (a, b) => a.gpus.allocated - b.gpus.allocated,
    type: 'numeric',
    render: node =>
      `${formatCount(node.gpus.allocated)} / ${formatCount(
        node.gpus.allocatable,
      )}`,
  },
  {
    title: 'Free',
    customSort: (a, b) => a.gpus.free - b.gpus.free,
    type: 'numeric',
    render: node => formatCount(node.gpus.free),
  },
  { title: 'MIG / shared', render: nodeResources, sorting: false },
  { title: 'GPU pods', field: 'gpuPods', type: 'numeric' },
];

const utilizationColumns: TableColumn<GpuNodeRow>[] = [
  {
    title: 'Utilization',
    type: 'numeric',
    customSort: (a, b) =>
      (a.utilization?.gpuUtilPercent ?? -1) -
      (b.utilization?.gpuUtilPercent ?? -1),
    render: node => formatPercent(node.utilization?.gpuUtilPercent),
  },
  {
    title: 'Memory used',
    type: 'numeric',
    sorting: false,
    render: node => formatMiB(node.utilization?.memoryUsedMiB),
  },
];

/** The GPU nodes of a cluster: model, memory, allocation and (with Prometheus) utilization. */
export const GpuNodesTable = (props: {
  nodes: GpuNodeRow[];
  utilization: boolean;
}) => (
  <GpuTable
    title="Nodes"
    columns={
      props.utilization
        ? [...allocationColumns, ...utilizationColumns]
        : allocationColumns
    }
    data={props.nodes}
    emptyText="No GPU nodes."
  />
);
