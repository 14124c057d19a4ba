import {
  describeQuotaValue,
  isCpuQuotaKey,
  isMemoryQuotaKey,
  looksLikeGpuQuotaKey,
  OcdpBindingUsage,
  QuotaUsageRow,
  quotaUsageRows,
} from '@ocdp/plugin-ocdp-common';
import { quotaKeyLabel } from '../../utils/quotaKeyLabel';

/** Quota rows of a binding: live hard and used when the cluster answered, else the stored spec. */
export function bindingRows(
  binding: OcdpBindingUsage,
  gpuResourceKeys: readonly string[],
): QuotaUsageRow[] {
  return quotaUsageRows(
    binding.spec,
    binding.live?.hard,
    binding.live?.used,
    gpuResourceKeys,
  );
}

/**
 * What is left of a quota for people, GPU keys first: `2 GPUs, 6 cores, 24 GiB memory left`;
 * keys without a limit are left out, `no limits` when none has one.
 */
export function describeQuotaLeft(
  rows: QuotaUsageRow[],
  gpuResourceKeys: readonly string[],
): string {
  // keys that allow nothing (`0`) are not part of what is left
  const shown = rows.filter(
    row =>
      row.available !== undefined &&
      row.hard !== '0' &&
      !row.key.startsWith('limits.'),
  );
  const describe = (row: QuotaUsageRow, suffix = '') =>
    row.available === '0'
      ? `no${suffix || ` ${quotaKeyLabel(row.key, gpuResourceKeys)}`}`
      : `${describeQuotaValue(row.key, row.available, {
          gpuResourceKeys,
        })}${suffix}`;
  const gpu = shown.filter(row =>
    looksLikeGpuQuotaKey(row.key, gpuResourceKeys),
  );
  const cpu = shown.filter(row => isCpuQuotaKey(row.key));
  const memory = shown.filter(row => isMemoryQuotaKey(row.key));
  const parts = [
    ...gpu.map(row => describe(row)),
    ...cpu.map(row => describe(row)),
    ...memory.map(row => describe(row, ' memory')),
  ];
  return parts.length > 0 ? `${parts.join(', ')} left` : 'no limits';
}

/** What is left of one quota key (`requests.nvidia.com/gpu`), as a number; `undefined` when unlimited. */
export function availableCount(
  rows: QuotaUsageRow[],
  key: string,
): number | undefined {
  const row = rows.find(r => r.key === key);
  if (row?.available === undefined) {
    return row?.hard === undefined ? undefined : 0;
  }
  const count = Number(row.available);
  return Number.isFinite(count) ? count : undefined;
}
