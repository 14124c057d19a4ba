import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { GpuHolding } from '@ocdp/plugin-ocdp-common';
import { OwnerClusterGpu, useOwnerGpu } from '../../hooks/useOwnerGpu';
import {
  formatCount,
  formatPercent,
  GpuFreshness,
  GpuUtilizationNotice,
  ScrollTable,
} from '../GpuShared';

const useStyles = makeStyles(theme => ({
  cluster: { marginTop: theme.spacing(2) },
}));

function holdingCells(row: GpuHolding, utilization: boolean) {
  return [
    formatCount(row.gpus),
    String(row.pods),
    row.pendingPods > 0 ? formatCount(row.pendingGpus) : '—',
    ...(utilization
      ? [
          row.idleGpus === undefined ? '—' : formatCount(row.idleGpus),
          formatPercent(row.utilization?.gpuUtilPercent),
        ]
      : []),
  ];
}

/**
 * A user's own pods first, then each tenant with all its pods. A group's own row repeats its
 * tenants' pods, so it is shown only when no tenant row is.
 */
function rowsOf(c: OwnerClusterGpu, kind: string) {
  const utilization = c.utilization.available;
  const rows = c.tenants.map(t => ({
    key: `tenant:${t.tenant ?? t.namespaces.join(',')}`,
    cells: [
      `tenant ${t.tenant ?? t.namespaces.join(', ')}`,
      ...holdingCells(t, utilization),
    ],
  }));
  if (c.user && (kind === 'user' || rows.length === 0)) {
    rows.unshift({
      key: 'owner',
      cells: [
        kind === 'user' ? 'pods this user owns' : 'pods of this group',
        ...holdingCells(c.user, utilization),
      ],
    });
  }
  return rows;
}

/**
 * For User and Group pages: the GPUs held on each cluster by the entity's tenants (for a user,
 * also their groups' tenants) and by the workloads they own.
 */
export const GpuOwnerCard = () => {
  const classes = useStyles();
  const { entity } = useEntity();
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const memberOf =
    kind === 'user'
      ? (entity.relations ?? [])
          .filter(r => r.type === RELATION_MEMBER_OF)
          .map(r => r.targetRef)
      : [];
  const { value, error, loading, refreshing, updatedAt } = useOwnerGpu(
    stringifyEntityRef(entity),
    memberOf,
  );

  return (
    <InfoCard title="GPUs">
      {loading && <Progress />}
      {error && !value && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <GpuFreshness
            refreshing={refreshing}
            reloadError={error}
            updatedAt={updatedAt}
          />
          {value.length === 0 && (
            <Typography variant="body2">
              No GPUs held or asked for that you may see.
            </Typography>
          )}
          {value.map(c => (
            <div key={c.cluster} className={classes.cluster}>
              <Typography variant="subtitle2">{c.title}</Typography>
              <GpuFreshness health={c.health} />
              <GpuUtilizationNotice utilization={c.utilization} />
              <ScrollTable
                label={`GPUs on ${c.cluster}`}
                headers={[
                  'Held by',
                  'GPUs',
                  'Pods',
                  'Pending',
                  ...(c.utilization.available ? ['Idle', 'Use'] : []),
                ]}
                rows={rowsOf(c, kind)}
              />
            </div>
          ))}
        </>
      )}
    </InfoCard>
  );
};
