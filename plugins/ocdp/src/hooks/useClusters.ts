import { useApi } from '@backstage/core-plugin-api';
import { OcdpCluster } from '@ocdp/plugin-ocdp-common';
import useAsync from 'react-use/esm/useAsync';
import { ocdpApiRef } from '../api';

/** The configured clusters, loaded only once `enabled` (e.g. when a cluster picker opens). */
export function useClusters(enabled: boolean): {
  clusters: OcdpCluster[];
  loading: boolean;
  error?: Error;
} {
  const ocdpApi = useApi(ocdpApiRef);
  const state = useAsync(
    async () => (enabled ? ocdpApi.listClusters() : []),
    [ocdpApi, enabled],
  );
  return {
    clusters: state.value ?? [],
    loading: state.loading,
    error: state.error,
  };
}
