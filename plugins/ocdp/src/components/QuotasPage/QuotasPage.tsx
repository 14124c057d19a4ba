import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  SupportButton,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import AddIcon from '@material-ui/icons/Add';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ocdpApiRef } from '../../api';
import { useQuotaPermissions } from '../../hooks/useQuotaPermissions';
import { AdminTenantsTable } from './TenantsTable';
import { CreateTenantDialog } from './CreateTenantDialog';
import { MyTenantQuotas } from './MyTenantQuotas';

/**
 * Tenant quotas. Admins manage every tenant; everyone else sees what is left of their own
 * tenants' quotas.
 */
export const QuotasPage = () => {
  const ocdpApi = useApi(ocdpApiRef);
  const permissions = useQuotaPermissions();
  const tenants = useAsyncRetry(() => ocdpApi.listTenants(), [ocdpApi]);
  const [creating, setCreating] = useState(false);
  const shown = permissions.loading ? undefined : tenants.value;

  return (
    <Page themeId="tool">
      <Header
        title="Quotas"
        subtitle="Namespaces and resource quotas of GPU platform tenants"
      />
      <Content>
        <ContentHeader
          title={permissions.isAdmin ? 'All tenants' : 'My quotas'}
        >
          {permissions.isAdmin && (
            <Button
              variant="contained"
              color="primary"
              startIcon={<AddIcon />}
              onClick={() => setCreating(true)}
            >
              Create tenant
            </Button>
          )}
          <SupportButton>
            Each tenant has a namespace and a ResourceQuota on one or more
            clusters. Bars show live use against the limit.
          </SupportButton>
        </ContentHeader>
        {(permissions.loading || (tenants.loading && !tenants.value)) && (
          <Progress />
        )}
        {tenants.error && <ResponseErrorPanel error={tenants.error} />}
        {shown && permissions.isAdmin && (
          <AdminTenantsTable
            tenants={shown}
            permissions={permissions}
            onChanged={tenants.retry}
          />
        )}
        {shown && !permissions.isAdmin && <MyTenantQuotas tenants={shown} />}
        {permissions.isAdmin && (
          <CreateTenantDialog
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={() => tenants.retry()}
          />
        )}
      </Content>
    </Page>
  );
};
