import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../../../api';
import { MyTenantQuotas } from './MyTenantQuotas';

/** Loads the signed-in user's tenants (the backend lists only those) and shows their quotas. */
export const MyQuotas = () => {
  const ocdpApi = useApi(ocdpApiRef);
  const tenants = useAsync(() => ocdpApi.listTenants(), [ocdpApi]);
  if (tenants.loading) {
    return <Progress />;
  }
  if (tenants.error) {
    return <ResponseErrorPanel error={tenants.error} />;
  }
  return <MyTenantQuotas tenants={tenants.value ?? []} />;
};
