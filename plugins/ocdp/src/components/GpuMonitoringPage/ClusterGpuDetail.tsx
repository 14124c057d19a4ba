import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useClusterGpu } from '../../hooks/useGpuData';
import { GpuUtilizationCharts } from '../GpuCharts';
import { GpuFreshness, GpuUtilizationNotice } from '../GpuShared';
import {
  GpuIdleTable,
  GpuModelsTable,
  GpuNodesTable,
  GpuPendingTable,
  GpuTenantsTable,
  GpuUsersTable,
} from '../GpuTables';

/** Everything about one cluster's GPUs: charts, models, nodes, tenants, users, demand, idle. */
export const ClusterGpuDetail = (props: { cluster: string }) => {
  const { value, error, loading, refreshing, updatedAt } = useClusterGpu(
    props.cluster,
  );
  if (loading) return <Progress />;
  if (!value) return error ? <ResponseErrorPanel error={error} /> : null;

  const report = value;
  const utilization = report.utilization.available;
  const clusterScope = report.scope === 'cluster';
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="h5" component="h2">
          GPUs of cluster {report.cluster}
        </Typography>
        <GpuFreshness
          health={report.health}
          refreshing={refreshing}
          reloadError={error}
          updatedAt={updatedAt}
        />
        <GpuUtilizationNotice utilization={report.utilization} />
        {!clusterScope && (
          <Typography variant="body2" color="textSecondary">
            You see the GPUs of your own tenants. Nodes and other tenants are
            shown to platform admins.
          </Typography>
        )}
      </Grid>
      <Grid item xs={12}>
        <GpuUtilizationCharts
          cluster={report.cluster}
          canGroupByNode={clusterScope}
        />
      </Grid>
      <Grid item xs={12}>
        <GpuModelsTable models={report.models} />
      </Grid>
      <Grid item xs={12}>
        <GpuPendingTable pending={report.pending} total={report.pendingTotal} />
      </Grid>
      {clusterScope && (
        <Grid item xs={12}>
          <GpuNodesTable nodes={report.nodes} utilization={utilization} />
        </Grid>
      )}
      <Grid item xs={12}>
        <GpuTenantsTable tenants={report.tenants} utilization={utilization} />
      </Grid>
      <Grid item xs={12}>
        <GpuUsersTable users={report.users} utilization={utilization} />
      </Grid>
      {report.utilization.available && (
        <Grid item xs={12}>
          <GpuIdleTable
            idle={report.idle}
            window={report.utilization.window}
            thresholdPercent={report.utilization.idleThresholdPercent}
          />
        </Grid>
      )}
    </Grid>
  );
};
