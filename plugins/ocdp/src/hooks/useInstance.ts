import { useApi } from '@backstage/core-plugin-api';
import { ocdpApiRef } from '../api';
import { usePolledValue } from './usePolledValue';

/** How often the card reads an instance's live state (pods, ready replicas, conditions). */
export const INSTANCE_POLL_INTERVAL_MS = 10_000;

/**
 * One model instance with its live state, read again every few seconds and on `reload` (after a
 * change); the last value stays while it reloads.
 */
export function useInstance(id: string | undefined) {
  const ocdpApi = useApi(ocdpApiRef);
  return usePolledValue(
    async () => (id ? ocdpApi.getInstance(id) : undefined),
    [ocdpApi, id],
    { intervalMs: INSTANCE_POLL_INTERVAL_MS, enabled: Boolean(id) },
  );
}
