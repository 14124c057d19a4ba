import {
  isValidQuantity,
  parseQuantity,
  quantityToNumber,
  ResourceQuantities,
} from '@ocdp/plugin-ocdp-common';

/** Whole GPUs, as the NVIDIA device plugin advertises them. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** GPU Feature Discovery node labels. */
export const GFD_LABELS = {
  product: 'nvidia.com/gpu.product',
  memory: 'nvidia.com/gpu.memory',
  count: 'nvidia.com/gpu.count',
  sharingStrategy: 'nvidia.com/gpu.sharing-strategy',
  migStrategy: 'nvidia.com/mig.strategy',
} as const;

export const UNKNOWN_PRODUCT = 'unknown';

/**
 * GPU resources: whole GPUs, MIG profiles (`nvidia.com/mig-1g.10gb`), HAMi's GPU memory and
 * cores (`nvidia.com/gpumem`, `nvidia.com/gpucores`), and any other `nvidia.com/` resource.
 * GPU Feature Discovery's labels are not resources, so a prefix test is enough.
 */
export function isGpuResource(name: string): boolean {
  return name.startsWith('nvidia.com/');
}

/** The GPU resources of a node's capacity or allocatable, as numbers (display and sums only). */
export function gpuAmountsOf(
  list: Record<string, string>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(list)) {
    if (!isGpuResource(name) || !isValidQuantity(value)) continue;
    const amount = quantityToNumber(parseQuantity(value));
    if (amount) out[name] = amount;
  }
  return out;
}

/** The GPU resources of a pod's effective requests, as numbers. */
export function gpuRequestsOf(
  requests: ResourceQuantities,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, quantity] of Object.entries(requests)) {
    if (!isGpuResource(name)) continue;
    const amount = quantityToNumber(quantity);
    if (amount) out[name] = amount;
  }
  return out;
}

/** Adds `amounts` × `sign` into `into`, dropping keys that reach 0. */
export function addAmounts(
  into: Record<string, number>,
  amounts: Record<string, number>,
  sign: 1 | -1 = 1,
) {
  for (const [name, amount] of Object.entries(amounts)) {
    const next = (into[name] ?? 0) + sign * amount;
    if (Math.abs(next) < 1e-9) delete into[name];
    else into[name] = next;
  }
}

export function numberLabel(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}

/** Orders strings by code unit: stable across locales and much cheaper than `localeCompare`. */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
