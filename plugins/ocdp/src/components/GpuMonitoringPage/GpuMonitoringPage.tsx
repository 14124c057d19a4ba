import {
  Content,
  ContentHeader,
  Header,
  LinkButton,
  Page,
  Progress,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { OcdpCluster } from '@ocdp/plugin-ocdp-common';
import { useSearchParams } from 'react-router-dom';
import { useGpuClusters } from '../../hooks/useGpuData';
import { quotasRouteRef } from '../../routes';
import { GpuFreshness } from '../GpuShared';
import { ClusterGpuDetail } from './ClusterGpuDetail';
import { GpuClusterCard } from './GpuClusterCard';

/** The cluster whose detail is shown: the one in `?cluster=`, else the first with GPU numbers. */
function selectedCluster(
  clusters: OcdpCluster[],
  requested: string | null,
): OcdpCluster | undefined {
  return (
    clusters.find(c => c.name === requested && c.gpu) ??
    clusters.find(c => c.gpu)
  );
}

/** The GPU Platform home: a card per cluster, then the chosen cluster's GPU detail. */
export const GpuMonitoringPage = () => {
  const quotasLink = useRouteRef(quotasRouteRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const { value, error, loading, refreshing, updatedAt } = useGpuClusters();
  const clusters = value ?? [];
  const selected = selectedCluster(clusters, searchParams.get('cluster'));

  return (
    <Page themeId="tool">
      <Header
        title="GPU Platform"
        subtitle="Where the GPUs are, who holds them and whether they are used"
      />
      <Content>
        <ContentHeader title="GPUs by cluster">
          <LinkButton to={quotasLink()} variant="outlined" color="primary">
            Quotas
          </LinkButton>
          <SupportButton>
            GPU allocation from the backend's watch of each cluster, and
            utilization from Prometheus (DCGM exporter) when it is configured.
          </SupportButton>
        </ContentHeader>
        {loading && <Progress />}
        {error && !value && <ResponseErrorPanel error={error} />}
        <GpuFreshness
          refreshing={refreshing}
          reloadError={value ? error : undefined}
          updatedAt={updatedAt}
        />
        {value && clusters.length === 0 && (
          <Typography variant="body1">
            No clusters configured. Add them under
            kubernetes.clusterLocatorMethods in app-config.yaml.
          </Typography>
        )}
        <Grid container spacing={3}>
          {clusters.map(cluster => (
            <Grid item xs={12} md={6} xl={4} key={cluster.name}>
              <GpuClusterCard
                cluster={cluster}
                selected={cluster.name === selected?.name}
                onSelect={() =>
                  setSearchParams({ cluster: cluster.name }, { replace: true })
                }
              />
            </Grid>
          ))}
          {selected && (
            <Grid item xs={12}>
              <ClusterGpuDetail key={selected.name} cluster={selected.name} />
            </Grid>
          )}
        </Grid>
      </Content>
    </Page>
  );
};
