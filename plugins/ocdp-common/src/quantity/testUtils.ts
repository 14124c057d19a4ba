import { Quantity, QuantityFormat, quantityFromNanos } from './types';

/**
 * Kubernetes tests write quantities as `decQuantity(i, exponent, format)`, i.e. i × 10^exponent.
 * Test helper only.
 */
export function dec(
  i: bigint | number,
  exponent: number,
  format: QuantityFormat,
): Quantity {
  const value = BigInt(i);
  const shift = exponent + 9;
  if (shift >= 0) {
    return quantityFromNanos(value * 10n ** BigInt(shift), format);
  }
  const divisor = 10n ** BigInt(-shift);
  if (value % divisor !== 0n) {
    throw new Error(`${i}e${exponent} is finer than a nano-unit`);
  }
  return quantityFromNanos(value / divisor, format);
}

export const MOST_POSITIVE = (1n << 63n) - 1n;
export const MOST_NEGATIVE = -(1n << 63n);
