import { NANOS_PER_UNIT, divideAwayFromZero, pow10 } from './bigmath';
import { Quantity, QuantityFormat, quantityFromNanos } from './types';

/**
 * The nearest double, for display and charts only — never for arithmetic.
 *
 * @public
 */
export function quantityToNumber(q: Quantity): number {
  const sign = q.nanos < 0n ? '-' : '';
  const magnitude = q.nanos < 0n ? -q.nanos : q.nanos;
  const units = magnitude / NANOS_PER_UNIT;
  const nanos = (magnitude % NANOS_PER_UNIT).toString().padStart(9, '0');
  return Number.parseFloat(`${sign}${units}.${nanos}`);
}

/**
 * `ceil(q / 10^scale)`, rounded away from zero (Kubernetes `ScaledValue`):
 * `quantityScaledValue(parse('1.5Gi'), 6)` is 1611.
 *
 * @public
 */
export function quantityScaledValue(q: Quantity, scale: number): bigint {
  if (!Number.isInteger(scale)) {
    throw new RangeError(`scale must be an integer, got ${scale}`);
  }
  const shift = scale + 9;
  return shift >= 0
    ? divideAwayFromZero(q.nanos, pow10(shift))
    : q.nanos * pow10(-shift);
}

/**
 * Whole units, rounded up away from zero (Kubernetes `Value()`): bytes for memory, cores
 * for CPU, devices for GPUs.
 *
 * @public
 */
export function quantityValue(q: Quantity): bigint {
  return quantityScaledValue(q, 0);
}

/**
 * Thousandths of a unit, rounded up away from zero (Kubernetes `MilliValue()`): millicores.
 *
 * @public
 */
export function quantityMilliValue(q: Quantity): bigint {
  return quantityScaledValue(q, -3);
}

function toBigInt(value: number | bigint, what: string): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `${what} must be a safe integer or a bigint, got ${value}`,
    );
  }
  return BigInt(value);
}

/**
 * `value × 10^scale` in DecimalSI (Kubernetes `NewScaledQuantity`); anything finer than a
 * nano-unit is rounded up away from zero.
 *
 * @public
 */
export function newScaledQuantity(
  value: number | bigint,
  scale: number,
  format: QuantityFormat = 'DecimalSI',
): Quantity {
  if (!Number.isInteger(scale)) {
    throw new RangeError(`scale must be an integer, got ${scale}`);
  }
  const v = toBigInt(value, 'value');
  const shift = scale + 9;
  return quantityFromNanos(
    shift >= 0 ? v * pow10(shift) : divideAwayFromZero(v, pow10(-shift)),
    format,
  );
}

/**
 * A whole number of units (Kubernetes `NewQuantity`).
 *
 * @public
 */
export function newQuantity(
  value: number | bigint,
  format: QuantityFormat = 'DecimalSI',
): Quantity {
  return newScaledQuantity(value, 0, format);
}

/**
 * Thousandths of a unit (Kubernetes `NewMilliQuantity`): `newMilliQuantity(1500)` is `1500m`.
 *
 * @public
 */
export function newMilliQuantity(
  value: number | bigint,
  format: QuantityFormat = 'DecimalSI',
): Quantity {
  return newScaledQuantity(value, -3, format);
}

/**
 * A byte count, written in binary units: `quantityFromBytes(2 ** 31)` formats as `2Gi`.
 *
 * @public
 */
export function quantityFromBytes(bytes: number | bigint): Quantity {
  return newQuantity(bytes, 'BinarySI');
}
