import { GpuUtilization } from '@ocdp/plugin-ocdp-common';

const WHOLE_GPU = 'nvidia.com/gpu';

/** `48 %`, or `—` when unknown. */
export function formatPercent(value: number | undefined): string {
  return value === undefined ? '—' : `${Math.round(value)} %`;
}

/** MiB as `80 GiB` (whole GiB from 10 GiB up) or `512 MiB`; `—` when unknown. */
export function formatMiB(value: number | undefined): string {
  if (value === undefined) return '—';
  if (value < 1024) return `${Math.round(value)} MiB`;
  const gib = value / 1024;
  return `${gib >= 10 ? Math.round(gib) : gib.toFixed(1)} GiB`;
}

/** `1 GPU`, `3 GPUs`. */
export function formatGpus(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'GPU' : 'GPUs'}`;
}

/** Whole numbers as they are, fractions (HAMi shares) with one decimal. */
export function formatCount(count: number): string {
  return Number.isInteger(count) ? String(count) : count.toFixed(1);
}

/** Share of `part` in `whole` as a percentage (0 when `whole` is 0). */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, (part / whole) * 100) : 0;
}

/** `NVIDIA-A100-SXM4-80GB` → `A100-SXM4-80GB`: the vendor prefix says nothing on an NVIDIA page. */
export function productLabel(product: string | undefined): string {
  if (!product) return 'unknown';
  return product.replace(/^NVIDIA[- ]/, '');
}

/** GPU resources other than whole GPUs: `mig-1g.10gb 3`, `gpumem 40 GiB`. */
export function otherResources(resources: Record<string, number>): string[] {
  return Object.entries(resources)
    .filter(([key, amount]) => key !== WHOLE_GPU && amount > 0)
    .map(([key, amount]) => {
      const name = key.replace(/^nvidia\.com\//, '');
      return name === 'gpumem'
        ? `${name} ${formatMiB(amount)}`
        : `${name} ${formatCount(amount)}`;
    });
}

/** `63 % · 40 GiB used` from what Prometheus said, or `—`. */
export function utilizationSummary(utilization?: GpuUtilization): string {
  if (!utilization || utilization.gpuUtilPercent === undefined) return '—';
  const memory =
    utilization.memoryUsedMiB === undefined
      ? ''
      : ` · ${formatMiB(utilization.memoryUsedMiB)} used`;
  return `${formatPercent(utilization.gpuUtilPercent)}${memory}`;
}
