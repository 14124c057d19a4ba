import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { useClusterGpuUtilization } from '../../hooks/useGpuData';
import { GpuFreshness, GpuUtilizationNotice } from '../GpuShared';
import { GpuMetricChart } from './GpuMetricChart';

export const GPU_CHART_RANGES = ['15m', '1h', '6h', '1d', '7d'] as const;
export type GpuChartRange = (typeof GPU_CHART_RANGES)[number];

type GroupBy = 'all' | 'tenant' | 'node';

const useStyles = makeStyles(theme => ({
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  select: { minWidth: 140 },
}));

const mibToGib = (mib: number) => mib / 1024;

/** Utilization and memory charts of a cluster's GPUs over a chosen range. */
export const GpuUtilizationCharts = (props: {
  cluster: string;
  /** Whether the signed-in user may group by node (cluster-wide view). */
  canGroupByNode: boolean;
}) => {
  const classes = useStyles();
  const [range, setRange] = useState<GpuChartRange>('1h');
  const [groupBy, setGroupBy] = useState<GroupBy>('all');
  const { value, error, loading, refreshing, updatedAt } =
    useClusterGpuUtilization(props.cluster, { range, groupBy });
  const rangeSeconds = value ? value.end - value.start : 3600;

  return (
    <InfoCard title="Utilization over time">
      <div className={classes.controls}>
        <TextField
          select
          id="ocdp-gpu-chart-range"
          label="Range"
          value={range}
          onChange={e => setRange(e.target.value as GpuChartRange)}
          className={classes.select}
          size="small"
        >
          {GPU_CHART_RANGES.map(r => (
            <MenuItem key={r} value={r}>
              last {r}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          id="ocdp-gpu-chart-lines"
          label="Lines"
          value={groupBy}
          onChange={e => setGroupBy(e.target.value as GroupBy)}
          className={classes.select}
          size="small"
        >
          <MenuItem value="all">All GPUs</MenuItem>
          <MenuItem value="tenant">Per tenant</MenuItem>
          {props.canGroupByNode && <MenuItem value="node">Per node</MenuItem>}
        </TextField>
      </div>
      <GpuFreshness
        refreshing={refreshing}
        reloadError={value ? error : undefined}
        updatedAt={updatedAt}
      />
      {loading && <Progress />}
      {error && !value && <ResponseErrorPanel error={error} />}
      {value && !value.utilization.available && (
        <GpuUtilizationNotice utilization={value.utilization} />
      )}
      {value?.utilization.available && (
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <GpuMetricChart
              title="GPU utilization"
              metric="gpuUtilPercent"
              series={value.series}
              rangeSeconds={rangeSeconds}
              unit="%"
              yMax={100}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <GpuMetricChart
              title="GPU memory used"
              metric="memoryUsedMiB"
              series={value.series}
              rangeSeconds={rangeSeconds}
              unit="GiB"
              scale={mibToGib}
            />
          </Grid>
        </Grid>
      )}
    </InfoCard>
  );
};
