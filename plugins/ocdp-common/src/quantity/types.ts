/**
 * How a quantity is written back out, remembered from the suffix it was parsed with
 * (Kubernetes `resource.Format`).
 *
 * - `DecimalSI`: `500m`, `2`, `12M`
 * - `BinarySI`: `512Mi`, `2Gi` (falls back to DecimalSI when not a whole multiple of 1024)
 * - `DecimalExponent`: `12e6`, `1e-3`
 *
 * @public
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/**
 * An exact Kubernetes quantity: a whole number of nano-units (10^-9) and the format it is
 * written in. Never a floating-point number.
 *
 * @public
 */
export type Quantity = {
  readonly nanos: bigint;
  readonly format: QuantityFormat;
};

/** @public */
export const QUANTITY_FORMATS: readonly QuantityFormat[] = Object.freeze([
  'DecimalSI',
  'BinarySI',
  'DecimalExponent',
] as const);

/**
 * Builds a quantity from a count of nano-units.
 *
 * @public
 */
export function quantityFromNanos(
  nanos: bigint,
  format: QuantityFormat = 'DecimalSI',
): Quantity {
  if (typeof nanos !== 'bigint') {
    throw new TypeError(
      `quantityFromNanos expects a bigint, got ${typeof nanos}`,
    );
  }
  return Object.freeze({ nanos, format });
}

/**
 * Zero, in DecimalSI format. Adding anything to it takes that operand's format, as in Kubernetes.
 *
 * @public
 */
export const ZERO_QUANTITY: Quantity = quantityFromNanos(0n, 'DecimalSI');
