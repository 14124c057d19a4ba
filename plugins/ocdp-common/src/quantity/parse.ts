import {
  MAX_BINARY_NANOS,
  NANOS_PER_UNIT,
  divideAwayFromZero,
  pow10,
} from './bigmath';
import { QuantityError } from './errors';
import { SuffixMeaning, interpretSuffix } from './suffix';
import { Quantity, QuantityFormat, quantityFromNanos } from './types';

/**
 * `<sign><digits>.<digits><suffix>` where the suffix is one of the DecimalSI or BinarySI
 * suffixes or `e`/`E` followed by a signed integer. Digits on either side of the point are
 * optional, but not both.
 */
const QUANTITY_PATTERN =
  /^([+-]?)(\d*)(?:\.(\d*))?([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE]?)$/;

export type ScannedQuantity = {
  negative: boolean;
  /** Digits before the point, as written (leading zeros kept). */
  integer: string;
  /** Digits after the point, as written. */
  fraction: string;
  suffix: string;
  meaning: SuffixMeaning;
};

/** Splits a quantity string into its parts, or explains why it is not one. */
export function scanQuantity(
  text: string,
): ScannedQuantity | { error: 'syntax' | 'range' } {
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) {
    return { error: 'syntax' };
  }
  const [, sign, integer, fraction = '', suffix] = match;
  if (integer.length + fraction.length === 0) {
    return { error: 'syntax' };
  }
  const meaning = interpretSuffix(suffix);
  if (!meaning) {
    return { error: 'range' };
  }
  return { negative: sign === '-', integer, fraction, suffix, meaning };
}

function nanosOf(scanned: ScannedQuantity): {
  nanos: bigint;
  format: QuantityFormat;
} {
  const { integer, fraction, meaning } = scanned;
  const digits = BigInt(integer + fraction);
  let magnitude: bigint;
  let format = meaning.format;
  if (meaning.base === 10) {
    const shift = meaning.exponent - fraction.length + 9;
    magnitude =
      shift >= 0
        ? digits * pow10(shift)
        : divideAwayFromZero(digits, pow10(-shift));
  } else {
    magnitude = divideAwayFromZero(
      (digits << BigInt(meaning.exponent)) * NANOS_PER_UNIT,
      pow10(fraction.length),
    );
    if (magnitude > MAX_BINARY_NANOS) {
      magnitude = MAX_BINARY_NANOS;
    }
    if (magnitude > 0n && magnitude < NANOS_PER_UNIT) {
      format = 'DecimalSI';
    }
  }
  return { nanos: scanned.negative ? -magnitude : magnitude, format };
}

function textOf(input: unknown): string | undefined {
  if (typeof input === 'string') {
    return input;
  }
  if (typeof input === 'number') {
    return Number.isFinite(input) ? String(input) : undefined;
  }
  if (typeof input === 'bigint') {
    return String(input);
  }
  return undefined;
}

/**
 * Parses a Kubernetes quantity (`500m`, `1.5`, `2Gi`, `12e6`, `-1`) exactly, the way
 * `resource.ParseQuantity` does: values finer than a nano-unit are rounded up (away from
 * zero), BinarySI values are capped at 2^63-1, and the suffix decides the format.
 *
 * A number is read as `String(n)` — what Kubernetes receives when it is sent as JSON.
 * Negative values parse; callers decide whether they are allowed.
 *
 * @throws QuantityError naming the input (and `field`, if given) when it is not a quantity.
 * @public
 */
export function parseQuantity(
  input: string | number | bigint,
  field?: string,
): Quantity {
  const text = textOf(input);
  if (text === undefined) {
    throw new QuantityError(input, field);
  }
  const scanned = scanQuantity(text);
  if ('error' in scanned) {
    throw new QuantityError(
      input,
      field,
      scanned.error === 'range' ? 'exponent out of range' : undefined,
    );
  }
  const { nanos, format } = nanosOf(scanned);
  return quantityFromNanos(nanos, format);
}

/**
 * Whether `parseQuantity` accepts the value.
 *
 * @public
 */
export function isValidQuantity(input: unknown): boolean {
  const text = textOf(input);
  return text !== undefined && !('error' in scanQuantity(text));
}
