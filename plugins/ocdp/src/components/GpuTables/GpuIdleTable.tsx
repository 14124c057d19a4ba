import { TableColumn } from '@backstage/core-components';
import { IdleGpu } from '@ocdp/plugin-ocdp-common';
import { formatPercent } from '../GpuShared';
import { GpuTable } from './GpuTable';

const columns: TableColumn<IdleGpu>[] = [
  {
    title: 'Pod',
    field: 'pod',
    highlight: true,
    render: g => `${g.namespace}/${g.pod}`,
  },
  { title: 'Tenant', field: 'tenant', render: g => g.tenant ?? '—' },
  { title: 'Node', field: 'node' },
  {
    title: 'GPU',
    field: 'gpu',
    render: g => (g.modelName ? `${g.gpu} (${g.modelName})` : g.gpu),
  },
  {
    title: 'Average utilization',
    field: 'gpuUtilPercent',
    type: 'numeric',
    render: g => formatPercent(g.gpuUtilPercent),
  },
];

/** Allocated GPUs that stayed under the idle threshold over the window. */
export const GpuIdleTable = (props: {
  idle: IdleGpu[];
  window: string;
  thresholdPercent: number;
}) => (
  <GpuTable
    title="Idle allocated GPUs"
    subtitle={`under ${props.thresholdPercent} % over the last ${props.window}`}
    columns={columns}
    data={props.idle}
    emptyText="Every allocated GPU is in use."
  />
);
