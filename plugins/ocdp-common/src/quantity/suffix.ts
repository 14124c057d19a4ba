import { QuantityFormat } from './types';

export type SuffixMeaning = {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
};

/**
 * Exponents beyond this magnitude are refused: Kubernetes keeps them as int32 and would
 * silently wrap, and materialising 10^(2^31) nano-units would hang the process.
 */
export const MAX_DECIMAL_EXPONENT = 1000;

const DECIMAL_SI = new Map<string, number>([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);

const BINARY_SI = new Map<string, number>([
  ['Ki', 10],
  ['Mi', 20],
  ['Gi', 30],
  ['Ti', 40],
  ['Pi', 50],
  ['Ei', 60],
]);

const DECIMAL_SI_BY_EXPONENT = new Map(
  [...DECIMAL_SI].map(([suffix, exponent]) => [exponent, suffix]),
);
const BINARY_SI_BY_EXPONENT = new Map(
  [...BINARY_SI].map(([suffix, exponent]) => [exponent, suffix]),
);

export const LARGEST_DECIMAL_SI_EXPONENT = 18;
export const LARGEST_BINARY_SI_EXPONENT = 60;

/** `undefined` when the suffix is unknown or its exponent is out of range. */
export function interpretSuffix(suffix: string): SuffixMeaning | undefined {
  const decimal = DECIMAL_SI.get(suffix);
  if (decimal !== undefined) {
    return { base: 10, exponent: decimal, format: 'DecimalSI' };
  }
  const binary = BINARY_SI.get(suffix);
  if (binary !== undefined) {
    return { base: 2, exponent: binary, format: 'BinarySI' };
  }
  const match = /^[eE]([+-]?)(\d+)$/.exec(suffix);
  if (!match) {
    return undefined;
  }
  const digits = match[2].replace(/^0+(?=\d)/, '');
  if (digits.length > String(MAX_DECIMAL_EXPONENT).length) {
    return undefined;
  }
  const exponent = Number(digits) * (match[1] === '-' ? -1 : 1);
  if (Math.abs(exponent) > MAX_DECIMAL_EXPONENT) {
    return undefined;
  }
  return { base: 10, exponent: exponent || 0, format: 'DecimalExponent' };
}

/** The DecimalSI suffix for a power of ten that is a multiple of 3 in [-9, 18]. */
export function decimalSISuffix(exponent: number): string {
  const suffix = DECIMAL_SI_BY_EXPONENT.get(exponent);
  if (suffix === undefined) {
    throw new RangeError(`no DecimalSI suffix for 10^${exponent}`);
  }
  return suffix;
}

/** The BinarySI suffix for a power of two that is a multiple of 10 in [10, 60], or '' for 0. */
export function binarySISuffix(exponent: number): string {
  if (exponent === 0) {
    return '';
  }
  const suffix = BINARY_SI_BY_EXPONENT.get(exponent);
  if (suffix === undefined) {
    throw new RangeError(`no BinarySI suffix for 2^${exponent}`);
  }
  return suffix;
}
