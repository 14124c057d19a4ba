import { useApi } from '@backstage/core-plugin-api';
import { OcdpInstanceListQuery } from '@ocdp/plugin-ocdp-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ocdpApiRef } from '../api';

/** The model instances the user may see, filtered by the server. */
export function useInstances(query: OcdpInstanceListQuery) {
  const ocdpApi = useApi(ocdpApiRef);
  const { tenant, cluster, status } = query;
  return useAsyncRetry(
    () => ocdpApi.listInstances({ tenant, cluster, status }),
    [ocdpApi, tenant, cluster, status],
  );
}
