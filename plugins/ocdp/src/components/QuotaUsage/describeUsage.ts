import { QuotaUsageRow, describeQuotaValue } from '@ocdp/plugin-ocdp-common';

/** The limit for people: `8 cores`, `unlimited`, or `0 (none allowed)`. */
export function describeLimit(row: Pick<QuotaUsageRow, 'key' | 'hard'>) {
  if (row.hard === undefined) {
    return 'unlimited';
  }
  const limit = describeQuotaValue(row.key, row.hard);
  return limit === '0' ? '0 (none allowed)' : limit;
}

/** `used / hard` for people: `2 cores / 8 cores`, `1 GPU / unlimited`. */
export function describeUsage(row: QuotaUsageRow): string {
  return `${describeQuotaValue(row.key, row.used)} / ${describeLimit(row)}`;
}

/** What is left, for people: `6 cores available`; `undefined` when unlimited. */
export function describeAvailable(row: QuotaUsageRow): string | undefined {
  if (row.available === undefined) {
    return undefined;
  }
  return `${describeQuotaValue(row.key, row.available)} available`;
}
