import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../../api';
import { KubeconfigButton } from '../KubeconfigButton';
import { TenantUsagePanel } from '../QuotaUsage';
import { TenantSubheader } from '../TenantOwner';

/**
 * The OCDP tenants a User or Group entity owns (asked of the server by owner), with quota and
 * live usage per cluster.
 */
export const EntityTenantQuotaCard = () => {
  const { entity } = useEntity();
  const ocdpApi = useApi(ocdpApiRef);
  const owner = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    async () => (await ocdpApi.listTenantsPage({ owner })).items,
    [ocdpApi, owner],
  );

  return (
    <InfoCard title="GPU platform quota">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value?.length === 0 && (
        <EmptyState
          missing="data"
          title="No OCDP tenant"
          description="This entity owns no tenant on the GPU platform, or you may not see it."
        />
      )}
      {value?.map(tenant => (
        <Box key={tenant.name} mb={2}>
          <Typography variant="subtitle1" component="h3" gutterBottom>
            {tenant.name}
            {tenant.personal ? ' (personal)' : ''}
          </Typography>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            <TenantSubheader tenant={tenant} />
          </Typography>
          <TenantUsagePanel
            tenant={tenant.name}
            singleColumn
            bindingActions={usage => (
              <KubeconfigButton
                tenant={tenant.name}
                cluster={usage.cluster}
                disabled={usage.syncStatus !== 'synced'}
              />
            )}
          />
        </Box>
      ))}
    </InfoCard>
  );
};
