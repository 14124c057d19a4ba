import { InfoCard, StatusError, StatusOK } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { OcdpCluster } from '@ocdp/plugin-ocdp-common';
import { ClusterGpuSummaryContent } from '../GpuClusterSummary';
import { GpuFreshness } from '../GpuShared';

const useStyles = makeStyles(theme => ({
  selected: { outline: `2px solid ${theme.palette.primary.main}` },
  card: { height: '100%' },
}));

/** One cluster on the GPU page: reachability and its GPU summary. */
export const GpuClusterCard = (props: {
  cluster: OcdpCluster;
  selected: boolean;
  onSelect(): void;
}) => {
  const classes = useStyles();
  const { cluster, selected, onSelect } = props;
  const title = cluster.entityRef ? (
    <EntityRefLink entityRef={cluster.entityRef} title={cluster.title} />
  ) : (
    cluster.title
  );
  return (
    <div className={selected ? classes.selected : undefined}>
      <InfoCard
        title={title}
        subheader={
          cluster.reachable ? (
            <StatusOK>Reachable</StatusOK>
          ) : (
            <StatusError>{cluster.error ?? 'Unreachable'}</StatusError>
          )
        }
        className={classes.card}
        action={
          cluster.gpu && (
            <Button
              size="small"
              color="primary"
              aria-pressed={selected}
              aria-label={`Show the GPU detail of ${cluster.name}`}
              onClick={onSelect}
            >
              Details
            </Button>
          )
        }
      >
        {cluster.gpu ? (
          <>
            <GpuFreshness health={cluster.gpu.health} />
            <ClusterGpuSummaryContent summary={cluster.gpu} />
          </>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No GPU numbers: the backend's cache of this cluster is not running.
          </Typography>
        )}
      </InfoCard>
    </div>
  );
};
