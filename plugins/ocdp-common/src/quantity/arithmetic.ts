import { decimalToFraction, divideAwayFromZero, pow10 } from './bigmath';
import { Quantity, ZERO_QUANTITY, quantityFromNanos } from './types';

/**
 * `a + b`, exactly. Like Kubernetes' `Add`, the result keeps `a`'s format unless `a` is zero.
 *
 * @public
 */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return quantityFromNanos(
    a.nanos + b.nanos,
    a.nanos === 0n ? b.format : a.format,
  );
}

/**
 * `a - b`, exactly. Like Kubernetes' `Sub`, the result keeps `a`'s format unless `a` is zero.
 *
 * @public
 */
export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return quantityFromNanos(
    a.nanos - b.nanos,
    a.nanos === 0n ? b.format : a.format,
  );
}

/**
 * Sum of a list, folded with `addQuantities` from zero: the result takes the format of the
 * first non-zero element. The sum of nothing is `ZERO_QUANTITY`.
 *
 * @public
 */
export function sumQuantities(list: Iterable<Quantity>): Quantity {
  let total = ZERO_QUANTITY;
  for (const q of list) {
    total = addQuantities(total, q);
  }
  return total;
}

/** @public */
export function negateQuantity(q: Quantity): Quantity {
  return quantityFromNanos(-q.nanos, q.format);
}

/** @public */
export function absQuantity(q: Quantity): Quantity {
  return q.nanos < 0n ? negateQuantity(q) : q;
}

function toFraction(
  value: number | bigint,
  what: string,
): { numerator: bigint; scale: number } {
  if (typeof value === 'bigint') {
    return { numerator: value, scale: 0 };
  }
  const fraction =
    typeof value === 'number' && Number.isFinite(value)
      ? decimalToFraction(String(value))
      : undefined;
  if (!fraction) {
    throw new RangeError(`${what} must be a finite number, got ${value}`);
  }
  return fraction;
}

/**
 * `q × factor`, keeping `q`'s format. An integer factor (replicas) is exact. A fractional
 * number is taken at its decimal value (`0.1` is exactly one tenth, not the nearest double)
 * and the product is rounded up, away from zero, to the nano-unit — the way Kubernetes rounds
 * sub-nano values when parsing.
 *
 * @public
 */
export function multiplyQuantity(
  q: Quantity,
  factor: number | bigint,
): Quantity {
  const { numerator, scale } = toFraction(factor, 'factor');
  return quantityFromNanos(
    divideAwayFromZero(q.nanos * numerator, pow10(scale)),
    q.format,
  );
}

/**
 * `q × numerator / denominator`, rounded up (away from zero) to the nano-unit, keeping `q`'s
 * format. Numbers are taken at their decimal value, so `scaleQuantity(q, 80, 100)` is 80%.
 *
 * @public
 */
export function scaleQuantity(
  q: Quantity,
  numerator: number | bigint,
  denominator: number | bigint,
): Quantity {
  const num = toFraction(numerator, 'numerator');
  const den = toFraction(denominator, 'denominator');
  if (den.numerator === 0n) {
    throw new RangeError('denominator must not be zero');
  }
  let top = q.nanos * num.numerator * pow10(den.scale);
  let bottom = den.numerator * pow10(num.scale);
  if (bottom < 0n) {
    top = -top;
    bottom = -bottom;
  }
  return quantityFromNanos(divideAwayFromZero(top, bottom), q.format);
}

/**
 * Rounds up, away from zero, to a multiple of 10^scale units (Kubernetes `RoundUp`):
 * `roundUpQuantity(9.01, 0)` is 10, `roundUpQuantity(-9.01, -1)` is -9.1.
 *
 * @public
 */
export function roundUpQuantity(q: Quantity, scale: number): Quantity {
  if (!Number.isInteger(scale)) {
    throw new RangeError(`scale must be an integer, got ${scale}`);
  }
  if (scale <= -9) {
    return q;
  }
  const unit = pow10(scale + 9);
  return quantityFromNanos(divideAwayFromZero(q.nanos, unit) * unit, q.format);
}
