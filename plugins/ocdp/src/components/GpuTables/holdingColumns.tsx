import { TableColumn } from '@backstage/core-components';
import { GpuHolding } from '@ocdp/plugin-ocdp-common';
import { formatCount, formatPercent, otherResources } from '../GpuShared';

/** Columns every holding row has: GPUs held, other resources, pods, pending, idle, use. */
export function holdingColumns<T extends GpuHolding>(options: {
  utilization: boolean;
}): TableColumn<T>[] {
  const columns: TableColumn<T>[] = [
    { title: 'GPUs', field: 'gpus', type: 'numeric' },
    {
      title: 'MIG / shared',
      sorting: false,
      render: row => otherResources(row.resources).join(', ') || '—',
    },
    { title: 'Pods', field: 'pods', type: 'numeric' },
    {
      title: 'Pending',
      field: 'pendingGpus',
      type: 'numeric',
      render: row =>
        row.pendingPods > 0
          ? `${formatCount(row.pendingGpus)} GPUs (${row.pendingPods} pods)`
          : '—',
    },
  ];
  if (options.utilization) {
    columns.push(
      {
        title: 'Idle GPUs',
        field: 'idleGpus',
        type: 'numeric',
        render: row =>
          row.idleGpus === undefined ? '—' : formatCount(row.idleGpus),
      },
      {
        title: 'Utilization',
        type: 'numeric',
        customSort: (a, b) =>
          (a.utilization?.gpuUtilPercent ?? -1) -
          (b.utilization?.gpuUtilPercent ?? -1),
        render: row => formatPercent(row.utilization?.gpuUtilPercent),
      },
    );
  }
  return columns;
}
