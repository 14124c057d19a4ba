import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  SupportButton,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import AddIcon from '@material-ui/icons/Add';
import { useState } from 'react';
import { useQuotaPermissions } from '../../hooks/useQuotaPermissions';
import { CreateTenantDialog } from './CreateTenantDialog';
import { MyQuotas } from './MyTenantQuotas';
import { AllTenants } from './TenantsTable';

/**
 * Tenant quotas. Admins manage every tenant, a page at a time; everyone else sees what is left
 * of their own tenants' quotas.
 */
export const QuotasPage = () => {
  const permissions = useQuotaPermissions();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState(0);

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
        {permissions.loading && <Progress />}
        {!permissions.loading && permissions.isAdmin && (
          <AllTenants permissions={permissions} reloadKey={created} />
        )}
        {!permissions.loading && !permissions.isAdmin && <MyQuotas />}
        {permissions.isAdmin && (
          <CreateTenantDialog
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={() => setCreated(count => count + 1)}
          />
        )}
      </Content>
    </Page>
  );
};
