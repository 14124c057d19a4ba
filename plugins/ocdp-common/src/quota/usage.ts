import {
  Quantity,
  ZERO_QUANTITY,
  formatQuantity,
  isValidQuantity,
  maxQuantity,
  parseQuantity,
  subtractQuantities,
} from '../quantity';
import { sortQuotaKeys } from './order';
import { QuotaSpec } from './types';

/**
 * One line of a quota usage table. Quantities are canonical strings.
 *
 * @public
 */
export interface QuotaUsageRow {
  key: string;
  /** The enforced limit; `undefined` when unlimited. */
  hard?: string;
  /** What is used (`0` when nothing is reported). */
  used: string;
  /** `max(hard − used, 0)`; `undefined` when unlimited. */
  available?: string;
  /**
   * `used / hard`, clamped to 0..1; `null` when unlimited. A zero limit reads 1 when anything is
   * used and 0 otherwise.
   */
  fraction: number | null;
}

const FRACTION_SCALE = 1_000_000n;

function parseOrUndefined(value: string | undefined): Quantity | undefined {
  return value !== undefined && isValidQuantity(value)
    ? parseQuantity(value)
    : undefined;
}

function fractionOf(used: Quantity, hard: Quantity): number {
  if (hard.nanos <= 0n) {
    return used.nanos > 0n ? 1 : 0;
  }
  if (used.nanos <= 0n) {
    return 0;
  }
  if (used.nanos >= hard.nanos) {
    return 1;
  }
  return Number((used.nanos * FRACTION_SCALE) / hard.nanos) / 1_000_000;
}

function own(
  record: Record<string, string> | undefined,
  key: string,
): string | undefined {
  return record && Object.prototype.hasOwnProperty.call(record, key)
    ? record[key]
    : undefined;
}

/**
 * Usage rows for a tenant's quota with exact quantity math, one per key of the spec, the live
 * `status.hard` and `status.used`, in display order (CPU, memory, GPU keys, storage, then others
 * alphabetically — see `compareQuotaKeys`).
 *
 * The limit is the live `hard` value when there is one, else the spec's (not applied yet);
 * neither means unlimited. `available = max(hard − used, 0)`. Values that are not quantities
 * are shown as given, with no `available` and a `null` fraction.
 *
 * @param gpuResourceKeys - configured GPU keys, ordered with the GPU group
 * @public
 */
export function quotaUsageRows(
  spec: QuotaSpec | undefined,
  hard: Record<string, string> | undefined,
  used: Record<string, string> | undefined,
  gpuResourceKeys: readonly string[] = [],
): QuotaUsageRow[] {
  const keys = new Set([
    ...Object.keys(spec ?? {}),
    ...Object.keys(hard ?? {}),
    ...Object.keys(used ?? {}),
  ]);
  return sortQuotaKeys(keys, gpuResourceKeys).map(key => {
    const hardText = own(hard, key) ?? own(spec, key);
    const usedText = own(used, key) ?? '0';
    const hardQ = parseOrUndefined(hardText);
    const usedQ = parseOrUndefined(usedText);
    const row: QuotaUsageRow = {
      key,
      used: usedQ ? formatQuantity(usedQ) : usedText,
      fraction: null,
    };
    if (hardText === undefined) {
      return row;
    }
    row.hard = hardQ ? formatQuantity(hardQ) : hardText;
    if (hardQ && usedQ) {
      const remaining = subtractQuantities(hardQ, usedQ);
      row.available = formatQuantity(
        maxQuantity(remaining, { ...ZERO_QUANTITY, format: hardQ.format }),
      );
      row.fraction = fractionOf(usedQ, hardQ);
    }
    return row;
  });
}
