import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ocdpApiRef } from '../api';

/** One model instance with its live state; `retry` reads it again after a change. */
export function useInstance(id: string | undefined) {
  const ocdpApi = useApi(ocdpApiRef);
  return useAsyncRetry(
    async () => (id ? ocdpApi.getInstance(id) : undefined),
    [ocdpApi, id],
  );
}
