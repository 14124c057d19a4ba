import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import { WarningPanel } from '@backstage/core-components';
import { ClusterGpuHealth } from '@ocdp/plugin-ocdp-common';
import { errorMessage } from '../../utils/errorMessage';

const useStyles = makeStyles({
  // The bar keeps its height while hidden, so the content below does not jump on each reload.
  bar: { height: 2 },
  hidden: { height: 2, visibility: 'hidden' },
});

/** Why a cluster's numbers may be old, or `undefined` when they are fresh. */
export function staleText(health: ClusterGpuHealth): string | undefined {
  if (!health.synced) {
    return `The cluster cache is still loading${
      health.lastError ? `: ${health.lastError}` : ''
    }. Numbers may be incomplete.`;
  }
  if (!health.stale) return undefined;
  const age =
    health.staleSeconds === undefined
      ? ''
      : ` for ${Math.round(health.staleSeconds)} s`;
  return `No news from the cluster's API server${age}${
    health.lastError ? ` (${health.lastError})` : ''
  }. Numbers may be old.`;
}

/**
 * A thin bar while a reload runs, a warning when the cluster cache is stale, and one when the
 * last reload failed (the previous numbers stay on screen).
 */
export const GpuFreshness = (props: {
  health?: ClusterGpuHealth;
  refreshing?: boolean;
  reloadError?: Error;
  updatedAt?: Date;
}) => {
  const classes = useStyles();
  const stale = props.health && staleText(props.health);
  return (
    <>
      {props.refreshing ? (
        <LinearProgress className={classes.bar} aria-label="Refreshing" />
      ) : (
        <div className={classes.hidden} />
      )}
      {stale && <WarningPanel severity="warning" title={stale} />}
      {props.reloadError && (
        <WarningPanel
          severity="warning"
          title={`Refresh failed: ${errorMessage(props.reloadError)}`}
          message={
            props.updatedAt
              ? `Showing what was loaded at ${props.updatedAt.toLocaleTimeString()}.`
              : undefined
          }
        />
      )}
    </>
  );
};
