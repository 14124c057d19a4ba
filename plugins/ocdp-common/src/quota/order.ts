import {
  isCpuQuotaKey,
  isMemoryQuotaKey,
  isStorageQuotaKey,
  looksLikeGpuQuotaKey,
} from './keys';

const WITHIN_GROUP = ['', 'requests.', 'limits.'];

function rank(key: string, gpuResourceKeys: readonly string[]): number {
  if (isCpuQuotaKey(key)) {
    return 0;
  }
  if (isMemoryQuotaKey(key)) {
    return 1;
  }
  if (looksLikeGpuQuotaKey(key, gpuResourceKeys)) {
    return 2;
  }
  if (isStorageQuotaKey(key) || key.endsWith('persistentvolumeclaims')) {
    return 3;
  }
  return 4;
}

function subRank(key: string): number {
  const dot = key.indexOf('.');
  return WITHIN_GROUP.indexOf(dot === -1 ? '' : key.slice(0, dot + 1));
}

/**
 * Display order of quota keys: CPU (`cpu`, `requests.cpu`, `limits.cpu`), memory (same order),
 * GPU keys, storage (storage, ephemeral storage, PVC counts), then everything else; within a
 * group alphabetically (by UTF-16 code units). Use with `Array.prototype.sort`.
 *
 * @param gpuResourceKeys - configured GPU keys, which sort with the GPU group whatever their name
 * @public
 */
export function compareQuotaKeys(
  a: string,
  b: string,
  gpuResourceKeys: readonly string[] = [],
): number {
  const byGroup = rank(a, gpuResourceKeys) - rank(b, gpuResourceKeys);
  if (byGroup !== 0) {
    return byGroup;
  }
  if (rank(a, gpuResourceKeys) <= 1) {
    return subRank(a) - subRank(b);
  }
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/**
 * The keys, in `compareQuotaKeys` order (a new array).
 *
 * @public
 */
export function sortQuotaKeys(
  keys: Iterable<string>,
  gpuResourceKeys: readonly string[] = [],
): string[] {
  return [...keys].sort((a, b) => compareQuotaKeys(a, b, gpuResourceKeys));
}
