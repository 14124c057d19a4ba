import {
  Quantity,
  isValidQuantity,
  parseQuantity,
  quantityMilliValue,
  quantityToNumber,
} from '../quantity';
import {
  isByteQuotaKey,
  isCpuQuotaKey,
  isGpuMemoryQuotaKey,
  looksLikeGpuQuotaKey,
} from './keys';

const NANOS_PER_UNIT = 1_000_000_000n;
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** `n` with at most two decimals, no trailing zeros, never in exponent notation below 1e21. */
function shortNumber(n: number): string {
  return n.toFixed(2).replace(/\.?0+$/, '');
}

/** The exact decimal value of a non-negative quantity: `1500m` → `1.5`. */
function exactDecimal(q: Quantity): string {
  const whole = q.nanos / NANOS_PER_UNIT;
  const fraction = (q.nanos % NANOS_PER_UNIT)
    .toString()
    .padStart(9, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** Bytes in the largest binary unit that keeps the number at least 1: `34359738368` → `32 GiB`. */
function describeBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${shortNumber(value)} ${BYTE_UNITS[unit]}`;
}

function describeCpu(q: Quantity): string {
  const milli = quantityMilliValue(q);
  if (milli < 1000n) {
    return `${milli} ${milli === 1n ? 'millicore' : 'millicores'}`;
  }
  const cores = exactDecimal(parseQuantity(`${milli}m`));
  return `${cores} ${cores === '1' ? 'core' : 'cores'}`;
}

function resourceName(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash === -1 ? key : key.slice(slash + 1);
}

/**
 * Options of `describeQuotaValue`.
 *
 * @public
 */
export interface DescribeQuotaOptions {
  /** Configured GPU keys: a missing value of one of them reads `0` for ordinary tenants. */
  gpuResourceKeys?: readonly string[];
  /** Whether the tenant is ordinary (the default). */
  ordinaryTenant?: boolean;
}

/**
 * A quota value for people: `unlimited` when absent (or `0` for a configured GPU key of an
 * ordinary tenant), `0`, or a number with its unit —
 * CPU `8 cores` / `1.5 cores` / `500 millicores`; memory and storage `32 GiB`; GPU memory
 * (a MiB count) `16 GiB GPU memory`; GPU counts `2 GPUs`; other GPU resources
 * `2 × mig-1g.10gb`; anything else the plain number (`10`). A value that is not a quantity is
 * returned as is.
 *
 * @public
 */
export function describeQuotaValue(
  key: string,
  value: string | undefined,
  options: DescribeQuotaOptions = {},
): string {
  const gpuKeys = options.gpuResourceKeys ?? [];
  if (value === undefined || value.trim() === '') {
    const ordinary = options.ordinaryTenant ?? true;
    return ordinary && gpuKeys.includes(key) ? '0' : 'unlimited';
  }
  if (!isValidQuantity(value.trim())) {
    return value;
  }
  const q = parseQuantity(value.trim());
  if (q.nanos === 0n) {
    return '0';
  }
  if (q.nanos < 0n) {
    return value;
  }
  if (isCpuQuotaKey(key)) {
    return describeCpu(q);
  }
  if (isGpuMemoryQuotaKey(key)) {
    return `${describeBytes(quantityToNumber(q) * 1024 * 1024)} GPU memory`;
  }
  if (isByteQuotaKey(key)) {
    return describeBytes(quantityToNumber(q));
  }
  const count = exactDecimal(q);
  if (looksLikeGpuQuotaKey(key, gpuKeys)) {
    const name = resourceName(key);
    if (name === 'gpu') {
      return `${count} ${count === '1' ? 'GPU' : 'GPUs'}`;
    }
    return `${count} × ${name}`;
  }
  return count;
}
