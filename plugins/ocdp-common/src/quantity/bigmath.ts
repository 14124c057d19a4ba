/** Nano-units in one unit: quantities are stored as whole nano-units. */
export const NANOS_PER_UNIT = 1_000_000_000n;

/** Largest magnitude a BinarySI quantity may be parsed to: 2^63-1, as in Kubernetes. */
export const MAX_BINARY_NANOS = ((1n << 63n) - 1n) * NANOS_PER_UNIT;

export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

export function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/** `numerator / denominator` rounded away from zero; `denominator` must be positive. */
export function divideAwayFromZero(
  numerator: bigint,
  denominator: bigint,
): bigint {
  const quotient = numerator / denominator;
  if (numerator % denominator === 0n) {
    return quotient;
  }
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/**
 * The exact value of a finite decimal string such as `String(0.1)` or `String(1e-7)`,
 * as `numerator / 10^scale` with `scale >= 0`.
 */
export function decimalToFraction(
  text: string,
): { numerator: bigint; scale: number } | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[2] + (match[3] ?? '')).length === 0) {
    return undefined;
  }
  const [, sign, int, frac = '', exp = '0'] = match;
  const digits = BigInt(int + frac) * (sign === '-' ? -1n : 1n);
  const shift = Number(exp) - frac.length;
  if (!Number.isSafeInteger(shift)) {
    return undefined;
  }
  return shift >= 0
    ? { numerator: digits * pow10(shift), scale: 0 }
    : { numerator: digits, scale: -shift };
}
