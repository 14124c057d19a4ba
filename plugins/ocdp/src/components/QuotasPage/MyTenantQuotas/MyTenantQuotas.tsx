import { EmptyState, InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { TenantUsagePanel } from '../../QuotaUsage';
import { KubeconfigButton } from '../../KubeconfigButton';
import { TenantSubheader } from '../../TenantOwner';

/** The signed-in user's own tenants, read-only, with what is left of each quota. */
export const MyTenantQuotas = (props: { tenants: OcdpTenant[] }) => {
  if (props.tenants.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No OCDP tenant"
        description="You have no tenant on the GPU platform yet. Ask a platform admin for one."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {props.tenants.map(tenant => (
        <Grid item xs={12} key={tenant.name}>
          <InfoCard
            title={tenant.name}
            subheader={<TenantSubheader tenant={tenant} />}
          >
            <TenantUsagePanel
              tenant={tenant.name}
              showAvailable
              bindingActions={usage => (
                <KubeconfigButton
                  tenant={tenant.name}
                  cluster={usage.cluster}
                  disabled={usage.syncStatus !== 'synced'}
                />
              )}
            />
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
};
