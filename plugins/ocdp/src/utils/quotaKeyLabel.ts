import {
  isCpuQuotaKey,
  isGpuMemoryQuotaKey,
  isMemoryQuotaKey,
  isStorageQuotaKey,
  looksLikeGpuQuotaKey,
} from '@ocdp/plugin-ocdp-common';

const NAMED_KEYS: Record<string, string> = {
  'requests.storage': 'Storage',
  persistentvolumeclaims: 'PVCs',
  pods: 'Pods',
};

function limitSuffix(key: string): string {
  return key.startsWith('limits.') ? ' (limit)' : '';
}

/** A short name for a ResourceQuota key: `requests.nvidia.com/gpu` → `GPUs`. */
export function quotaKeyLabel(
  key: string,
  gpuResourceKeys: readonly string[] = [],
): string {
  if (NAMED_KEYS[key]) {
    return NAMED_KEYS[key];
  }
  if (isCpuQuotaKey(key)) {
    return `CPU${limitSuffix(key)}`;
  }
  if (isMemoryQuotaKey(key)) {
    return `Memory${limitSuffix(key)}`;
  }
  if (isGpuMemoryQuotaKey(key)) {
    return 'GPU memory';
  }
  if (looksLikeGpuQuotaKey(key, gpuResourceKeys)) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    return name === 'gpu' ? 'GPUs' : name;
  }
  if (isStorageQuotaKey(key)) {
    return key.replace(/^requests\./, '');
  }
  return key;
}
