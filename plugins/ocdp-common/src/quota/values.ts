import { OcdpInputError } from '../errors';
import {
  Quantity,
  QuantityError,
  formatQuantity,
  parseQuantity,
  quantitySign,
} from '../quantity';

/**
 * Whether a quota value is blank: `undefined`, `null`, or a string of only whitespace.
 *
 * @public
 */
export function isBlankQuotaValue(
  value: unknown,
): value is undefined | null | '' {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '')
  );
}

/** Parses a non-negative quantity (string, number or bigint), rethrowing as `OcdpInputError`. */
export function parseNonNegativeQuantity(
  value: unknown,
  field: string,
): Quantity {
  const input = typeof value === 'string' ? value.trim() : value;
  let quantity: Quantity;
  try {
    quantity = parseQuantity(input as string | number | bigint);
  } catch (error) {
    if (error instanceof QuantityError) {
      throw new OcdpInputError(field, error.message);
    }
    throw error;
  }
  if (quantitySign(quantity) < 0) {
    throw new OcdpInputError(
      field,
      `${JSON.stringify(String(input))} must not be negative`,
    );
  }
  return quantity;
}

/** Canonical string of a non-negative quantity, or `OcdpInputError` naming `field`. */
export function canonicalNonNegative(value: unknown, field: string): string {
  return formatQuantity(parseNonNegativeQuantity(value, field));
}
