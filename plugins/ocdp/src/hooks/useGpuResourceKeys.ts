import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useMemo } from 'react';

/** GPU keys used when `ocdp.quota.gpuResourceKeys` is not configured. */
export const DEFAULT_GPU_RESOURCE_KEYS: readonly string[] = [
  'requests.nvidia.com/gpu',
  'requests.nvidia.com/gpumem',
];

/** The configured GPU quota keys (`ocdp.quota.gpuResourceKeys`). */
export function useGpuResourceKeys(): readonly string[] {
  const configApi = useApi(configApiRef);
  return useMemo(
    () =>
      configApi.getOptionalStringArray('ocdp.quota.gpuResourceKeys') ??
      DEFAULT_GPU_RESOURCE_KEYS,
    [configApi],
  );
}
