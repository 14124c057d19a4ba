import { useApi } from '@backstage/core-plugin-api';
import { OcdpCluster, OcdpTenant } from '@ocdp/plugin-ocdp-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../api';

/** The configured clusters a tenant has no binding on; none are loaded unless `enabled`. */
export function useFreeClusters(
  tenant: OcdpTenant,
  enabled: boolean,
): OcdpCluster[] {
  const ocdpApi = useApi(ocdpApiRef);
  const clusters = useAsync(
    async () => (enabled ? ocdpApi.listClusters() : []),
    [ocdpApi, enabled],
  );
  return useMemo(
    () =>
      (clusters.value ?? []).filter(
        cluster => !tenant.bindings.some(b => b.cluster === cluster.name),
      ),
    [clusters.value, tenant.bindings],
  );
}
