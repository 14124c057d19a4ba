import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../../api';
import { useClusterGpu } from '../../hooks/useGpuData';
import { rootRouteRef } from '../../routes';
import {
  ClusterGpuSummaryContent,
  summaryFromReport,
} from '../GpuClusterSummary';
import {
  formatCount,
  GpuFreshness,
  GpuUtilizationNotice,
  ScrollTable,
} from '../GpuShared';

const TOP_TENANTS = 5;

/** GPUs of the cluster a `kubernetes-cluster` Resource entity represents. */
export const ClusterGpuCard = () => {
  const { entity } = useEntity();
  const ocdpApi = useApi(ocdpApiRef);
  const gpuPage = useRouteRef(rootRouteRef);
  const entityRef = stringifyEntityRef(entity);
  const found = useAsync(
    async () =>
      (await ocdpApi.listClusters()).find(
        c => c.entityRef === entityRef || c.name === entity.metadata.name,
      ),
    [ocdpApi, entityRef],
  );
  const cluster = found.value?.name;
  const report = useClusterGpu(cluster);
  const value = report.value;

  const deepLink = cluster
    ? {
        title: 'GPU Platform page',
        link: `${gpuPage()}?cluster=${encodeURIComponent(cluster)}`,
      }
    : undefined;

  return (
    <InfoCard title="GPUs" deepLink={deepLink}>
      {(found.loading || report.loading) && <Progress />}
      {found.error && <ResponseErrorPanel error={found.error} />}
      {!found.loading && !found.error && !cluster && (
        <Typography variant="body2">
          This entity is not one of the clusters OCDP manages.
        </Typography>
      )}
      {report.error && !value && <ResponseErrorPanel error={report.error} />}
      {value && (
        <>
          <GpuFreshness
            health={value.health}
            refreshing={report.refreshing}
            reloadError={report.error}
            updatedAt={report.updatedAt}
          />
          <GpuUtilizationNotice utilization={value.utilization} />
          <ClusterGpuSummaryContent summary={summaryFromReport(value)} />
          {value.tenants.length > 0 && (
            <ScrollTable
              label="GPUs by tenant"
              headers={['Tenant', 'GPUs', 'Pending GPUs', 'Idle GPUs']}
              rows={[...value.tenants]
                .sort((a, b) => b.gpus - a.gpus)
                .slice(0, TOP_TENANTS)
                .map(t => ({
                  key: t.tenant ?? t.namespaces.join(','),
                  cells: [
                    t.tenant ?? `(no tenant) ${t.namespaces.join(', ')}`,
                    formatCount(t.gpus),
                    formatCount(t.pendingGpus),
                    t.idleGpus === undefined ? '—' : formatCount(t.idleGpus),
                  ],
                }))}
            />
          )}
        </>
      )}
    </InfoCard>
  );
};
