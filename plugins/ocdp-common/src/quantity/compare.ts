import { Quantity } from './types';

/**
 * -1, 0 or 1 as `a` is less than, equal to or greater than `b`. Formats are ignored.
 *
 * @public
 */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  if (a.nanos < b.nanos) {
    return -1;
  }
  return a.nanos > b.nanos ? 1 : 0;
}

/**
 * Value equality, ignoring format: `1Gi` equals `1073741824`.
 *
 * @public
 */
export function quantityEquals(a: Quantity, b: Quantity): boolean {
  return a.nanos === b.nanos;
}

/** @public */
export function isZeroQuantity(q: Quantity): boolean {
  return q.nanos === 0n;
}

/** @public */
export function quantitySign(q: Quantity): -1 | 0 | 1 {
  if (q.nanos < 0n) {
    return -1;
  }
  return q.nanos > 0n ? 1 : 0;
}

/**
 * The largest of the quantities; the first of equal ones.
 *
 * @public
 */
export function maxQuantity(first: Quantity, ...rest: Quantity[]): Quantity {
  return rest.reduce((best, q) => (q.nanos > best.nanos ? q : best), first);
}

/**
 * The smallest of the quantities; the first of equal ones.
 *
 * @public
 */
export function minQuantity(first: Quantity, ...rest: Quantity[]): Quantity {
  return rest.reduce((best, q) => (q.nanos < best.nanos ? q : best), first);
}
