import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { DEFAULT_GPU_RESOURCE_KEYS } from '@ocdp/plugin-ocdp-common';
import { useMemo } from 'react';

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
