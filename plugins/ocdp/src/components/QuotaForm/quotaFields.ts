import { isGpuMemoryQuotaKey } from '@ocdp/plugin-ocdp-common';

/** One fixed field of the quota form. */
export interface QuotaField {
  key: string;
  label: string;
  /** Says what a blank field means and which unit a bare number is in. */
  helperText: string;
  placeholder: string;
}

const UNLIMITED = 'Blank = unlimited';
const NO_GPUS = 'Blank = 0 (no GPUs)';

/** CPU, memory, storage and PVC count: blank is unlimited. */
export const STANDARD_QUOTA_FIELDS: readonly QuotaField[] = [
  {
    key: 'requests.cpu',
    label: 'CPU (cores)',
    helperText: `${UNLIMITED}. Cores, e.g. 8 or 0.5`,
    placeholder: 'unlimited',
  },
  {
    key: 'requests.memory',
    label: 'Memory (GiB)',
    helperText: `${UNLIMITED}. GiB, e.g. 32`,
    placeholder: 'unlimited',
  },
  {
    key: 'requests.storage',
    label: 'Storage (GiB)',
    helperText: `${UNLIMITED}. GiB, e.g. 100`,
    placeholder: 'unlimited',
  },
  {
    key: 'persistentvolumeclaims',
    label: 'PVC count',
    helperText: UNLIMITED,
    placeholder: 'unlimited',
  },
];

/** One field per configured GPU key: blank is `0`. */
export function gpuQuotaFields(gpuResourceKeys: readonly string[]) {
  return gpuResourceKeys.map(
    (key): QuotaField =>
      isGpuMemoryQuotaKey(key)
        ? {
            key,
            label: 'GPU memory (MiB)',
            helperText: `${NO_GPUS}. MiB, e.g. 16384 (${key})`,
            placeholder: '0',
          }
        : {
            key,
            label: `${key.slice(key.lastIndexOf('/') + 1)} (count)`,
            helperText: `${NO_GPUS}. Count (${key})`,
            placeholder: '0',
          },
  );
}
