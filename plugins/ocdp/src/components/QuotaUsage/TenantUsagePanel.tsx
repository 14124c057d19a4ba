import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { OcdpBindingUsage } from '@ocdp/plugin-ocdp-common';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../../api';
import { useGpuResourceKeys } from '../../hooks/useGpuResourceKeys';
import { BindingCard } from './BindingCard';

/**
 * A tenant's quota and live usage on each cluster, loaded when shown.
 * Change `reloadKey` to load it again.
 */
export const TenantUsagePanel = (props: {
  tenant: string;
  showAvailable?: boolean;
  reloadKey?: number;
  /** One binding per row, for narrow places such as entity cards. */
  singleColumn?: boolean;
  bindingActions?: (usage: OcdpBindingUsage) => ReactNode;
}) => {
  const { tenant, showAvailable, reloadKey, singleColumn, bindingActions } =
    props;
  const ocdpApi = useApi(ocdpApiRef);
  const gpuResourceKeys = useGpuResourceKeys();
  const { value, loading, error } = useAsync(
    () => ocdpApi.getTenantUsage(tenant),
    [ocdpApi, tenant, reloadKey],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.bindings.length === 0) {
    return <Typography variant="body2">No cluster bindings.</Typography>;
  }
  return (
    <Grid container spacing={2}>
      {value.bindings.map(usage => (
        <Grid item xs={12} md={singleColumn ? 12 : 6} key={usage.cluster}>
          <BindingCard
            usage={usage}
            gpuResourceKeys={gpuResourceKeys}
            showAvailable={showAvailable}
            actions={bindingActions?.(usage)}
          />
        </Grid>
      ))}
    </Grid>
  );
};
