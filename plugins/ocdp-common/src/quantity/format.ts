import { NANOS_PER_UNIT } from './bigmath';
import { parseQuantity, scanQuantity } from './parse';
import {
  LARGEST_BINARY_SI_EXPONENT,
  LARGEST_DECIMAL_SI_EXPONENT,
  binarySISuffix,
  decimalSISuffix,
} from './suffix';
import { Quantity } from './types';

const ONE_KI_IN_NANOS = 1024n * NANOS_PER_UNIT;

/** Whole units written with the largest binary suffix that divides them (`1536Mi`). */
function formatBinary(units: bigint): string {
  let mantissa = units;
  let exponent = 0;
  while (mantissa % 1024n === 0n) {
    mantissa /= 1024n;
    exponent += 10;
  }
  if (exponent > LARGEST_BINARY_SI_EXPONENT) {
    mantissa <<= BigInt(exponent - LARGEST_BINARY_SI_EXPONENT);
    exponent = LARGEST_BINARY_SI_EXPONENT;
  }
  return `${mantissa}${binarySISuffix(exponent)}`;
}

/** A positive nano count as mantissa × 10^exponent, exponent a multiple of 3 and as large as possible. */
function formatDecimal(nanos: bigint, exponentForm: boolean): string {
  const digits = nanos.toString();
  const trailingZeros = digits.length - digits.replace(/0+$/, '').length;
  let mantissa = digits.slice(0, digits.length - trailingZeros);
  let exponent = trailingZeros - 9;
  const misalignment = ((exponent % 3) + 3) % 3;
  mantissa += '0'.repeat(misalignment);
  exponent -= misalignment;
  if (exponentForm) {
    return exponent === 0 ? mantissa : `${mantissa}e${exponent}`;
  }
  if (exponent > LARGEST_DECIMAL_SI_EXPONENT) {
    mantissa += '0'.repeat(exponent - LARGEST_DECIMAL_SI_EXPONENT);
    exponent = LARGEST_DECIMAL_SI_EXPONENT;
  }
  return `${mantissa}${decimalSISuffix(exponent)}`;
}

/**
 * The canonical string Kubernetes emits for a quantity (`Quantity.String()` of a computed
 * value): no fraction digits, the largest suffix that loses nothing, in the quantity's
 * format. BinarySI values below 1Ki or not a whole number fall back to DecimalSI.
 *
 * One deliberate difference: above the largest suffix Kubernetes drops the suffix and prints
 * 10^21 as `1` and 2^70 as `1`; here they print as `1000E` and `1024Ei`.
 *
 * @public
 */
export function formatQuantity(q: Quantity): string {
  const { nanos } = q;
  if (nanos === 0n) {
    return '0';
  }
  const sign = nanos < 0n ? '-' : '';
  const magnitude = nanos < 0n ? -nanos : nanos;
  switch (q.format) {
    case 'BinarySI':
      if (magnitude >= ONE_KI_IN_NANOS && magnitude % NANOS_PER_UNIT === 0n) {
        return sign + formatBinary(magnitude / NANOS_PER_UNIT);
      }
      return sign + formatDecimal(magnitude, false);
    case 'DecimalSI':
      return sign + formatDecimal(magnitude, false);
    default:
      return sign + formatDecimal(magnitude, true);
  }
}

/**
 * Parses and re-emits a quantity in canonical form: `1.5Gi` → `1536Mi`, `1000m` → `1`.
 *
 * @throws QuantityError when the input is not a quantity.
 * @public
 */
export function canonicalizeQuantity(
  input: string | number | bigint,
  field?: string,
): string {
  return formatQuantity(parseQuantity(input, field));
}

/**
 * Mirrors `resource.ParseQuantity`'s fast path, which keeps the input string as the
 * quantity's cached `String()` when it looks canonical: at most 18 digits, a power of ten
 * that is a multiple of 3 and no trailing `000` (decimal), or a mantissa not divisible
 * by 8 (binary). This is why Kubernetes echoes `+1`, `1.500` or `1E3` back unchanged.
 */
function kubernetesKeepsVerbatim(text: string): boolean {
  if (text === '0') {
    return true;
  }
  const scanned = scanQuantity(text);
  if ('error' in scanned) {
    return false;
  }
  const { fraction, meaning } = scanned;
  const integer = scanned.integer.replace(/^0+/, '') || '0';
  const shifted = integer + fraction;
  if (meaning.base === 10) {
    const scale = meaning.exponent - fraction.length;
    return (
      shifted.length <= 18 &&
      scale >= -9 &&
      scale % 3 === 0 &&
      !shifted.endsWith('000') &&
      shifted[0] !== '0'
    );
  }
  const precision = 14 - integer.length - (meaning.exponent / 10) * 3;
  return (
    fraction.length === 0 && precision >= 0 && (BigInt(shifted) & 7n) !== 0n
  );
}

/**
 * Exactly what Kubernetes' `ParseQuantity(input).String()` returns — the string the API
 * server stores and echoes back for a submitted value. It is the canonical form, except
 * that input already in a canonical-looking form is kept as written (`+1`, `1.500`, `1E3`,
 * `10.035M` are echoed unchanged). Use `canonicalizeQuantity` for a normalised string.
 *
 * @throws QuantityError when the input is not a quantity.
 * @public
 */
export function kubernetesQuantityString(
  input: string | number | bigint,
  field?: string,
): string {
  const quantity = parseQuantity(input, field);
  const text = typeof input === 'string' ? input : String(input);
  return kubernetesKeepsVerbatim(text) ? text : formatQuantity(quantity);
}
