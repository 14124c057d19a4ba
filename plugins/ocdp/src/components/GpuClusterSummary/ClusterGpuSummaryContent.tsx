import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ClusterGpuSummary } from '@ocdp/plugin-ocdp-common';
import {
  formatCount,
  GpuAllocationBar,
  GpuStat,
  productLabel,
} from '../GpuShared';

const useStyles = makeStyles(theme => ({
  stats: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    margin: theme.spacing(1, 0),
  },
  models: { display: 'grid', gap: theme.spacing(1) },
}));

/**
 * A cluster's GPUs at a glance: allocated against allocatable, the same per GPU model, free
 * GPUs, pending demand and idle allocated GPUs (with Prometheus).
 */
export const ClusterGpuSummaryContent = (props: {
  summary: ClusterGpuSummary;
}) => {
  const classes = useStyles();
  const { summary } = props;
  const { gpus, yours } = summary;
  const mine = summary.scope === 'tenants';
  return (
    <div>
      <GpuAllocationBar
        label="All GPUs"
        allocated={gpus.allocated}
        allocatable={gpus.allocatable}
      />
      <div className={classes.stats}>
        <GpuStat label="free GPUs" value={formatCount(gpus.free)} />
        <GpuStat label="GPU nodes" value={String(summary.gpuNodes)} />
        {mine && (
          <GpuStat
            label="held by your tenants"
            value={formatCount(yours.allocated)}
          />
        )}
        <GpuStat
          label={mine ? 'your pending GPUs' : 'pending GPUs'}
          value={formatCount(yours.pendingGpus)}
          hint={`${yours.pendingPods} pending pods ask for GPUs`}
        />
        <GpuStat
          label={mine ? 'your idle GPUs' : 'idle allocated GPUs'}
          value={
            yours.idleGpus === undefined ? '—' : formatCount(yours.idleGpus)
          }
          hint={
            yours.idleGpus === undefined
              ? 'Needs utilization from Prometheus'
              : 'Allocated GPUs under the idle threshold'
          }
        />
      </div>
      {summary.models.length > 0 && (
        <div className={classes.models}>
          <Typography variant="overline" color="textSecondary">
            By GPU model
          </Typography>
          {summary.models.map(model => (
            <GpuAllocationBar
              key={model.product}
              label={productLabel(model.product)}
              allocated={model.allocated}
              allocatable={model.allocatable}
            />
          ))}
        </div>
      )}
    </div>
  );
};
