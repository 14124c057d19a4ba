import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityGpuPod } from '@ocdp/plugin-ocdp-common';
import { useEntityGpu } from '../../hooks/useGpuData';
import {
  formatCount,
  formatGpus,
  formatMiB,
  formatPercent,
  GpuFreshness,
  GpuUtilizationNotice,
  otherResources,
  productLabel,
  ScrollTable,
} from '../GpuShared';

const useStyles = makeStyles(theme => ({
  cluster: { marginTop: theme.spacing(2) },
}));

function podPhase(pod: EntityGpuPod) {
  if (pod.phase === 'Pending') {
    return (
      <StatusPending>
        Pending{pod.reason ? `: ${pod.reason}` : ''}
      </StatusPending>
    );
  }
  if (pod.idle) return <StatusWarning>Idle</StatusWarning>;
  return <StatusOK>{pod.phase}</StatusOK>;
}

function podGpus(pod: EntityGpuPod): string {
  const held = [
    pod.gpus > 0 ? formatCount(pod.gpus) : '',
    ...otherResources(pod.resources),
  ]
    .filter(Boolean)
    .join(', ');
  return held || '0';
}

/** GPU use of a Component's pods (model instances included) on every cluster. */
export const EntityGpuUsageCard = () => {
  const classes = useStyles();
  const { entity } = useEntity();
  const { value, error, loading, refreshing, updatedAt } = useEntityGpu(
    getCompoundEntityRef(entity),
  );
  const withUtilization = value?.utilization.available ?? false;
  const clusters = value?.clusters.filter(c => c.pods.length > 0) ?? [];

  return (
    <InfoCard title="GPU use">
      {loading && <Progress />}
      {error && !value && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <GpuFreshness
            refreshing={refreshing}
            reloadError={error}
            updatedAt={updatedAt}
          />
          {clusters.length > 0 && (
            <GpuUtilizationNotice utilization={value.utilization} />
          )}
          {clusters.length === 0 && (
            <Typography variant="body2">
              {value.selector
                ? `No pods with ${value.selector} hold or ask for GPUs.`
                : 'This entity names no Kubernetes workload (backstage.io/kubernetes-id).'}
            </Typography>
          )}
          {clusters.map(c => (
            <div key={c.cluster} className={classes.cluster}>
              <GpuFreshness health={c.health} />
              <Typography variant="subtitle2">
                Cluster {c.cluster}: {formatGpus(c.totals.gpus)} held
                {c.totals.pendingPods > 0 &&
                  `, ${formatGpus(c.totals.pendingGpus)} pending`}
                {c.totals.idleGpus
                  ? `, ${formatCount(c.totals.idleGpus)} idle`
                  : ''}
              </Typography>
              <ScrollTable
                label={`GPU pods on ${c.cluster}`}
                headers={[
                  'Pod',
                  'Status',
                  'GPU model',
                  'GPUs',
                  ...(withUtilization ? ['Utilization', 'Memory used'] : []),
                ]}
                rows={c.pods.map(pod => ({
                  key: `${pod.namespace}/${pod.name}`,
                  cells: [
                    `${pod.namespace}/${pod.name}`,
                    podPhase(pod),
                    pod.product ? productLabel(pod.product) : '—',
                    podGpus(pod),
                    ...(withUtilization
                      ? [
                          formatPercent(pod.utilization?.gpuUtilPercent),
                          formatMiB(pod.utilization?.memoryUsedMiB),
                        ]
                      : []),
                  ],
                }))}
              />
            </div>
          ))}
        </>
      )}
    </InfoCard>
  );
};
