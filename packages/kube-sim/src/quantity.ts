/*
 * Minimal, exact Kubernetes resource.Quantity arithmetic for the SIMULATED
 * API server. Values are kept as bigint nano-units (1 = 1e-9), which is the
 * finest scale Kubernetes keeps (it rounds smaller scales up to nano).
 */

/** How a quantity prints, like Kubernetes' Quantity.Format. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI';

/** A parsed quantity: exact nano-units plus its print format. */
export interface Quantity {
  nano: bigint;
  format: QuantityFormat;
}

const NANO = 1_000_000_000n;

const BINARY: Record<string, bigint> = {
  Ki: 1024n,
  Mi: 1024n ** 2n,
  Gi: 1024n ** 3n,
  Ti: 1024n ** 4n,
  Pi: 1024n ** 5n,
  Ei: 1024n ** 6n,
};

const DECIMAL_EXP: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const QUANTITY_RE =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

function pow10(exp: number): bigint {
  return 10n ** BigInt(exp);
}

/** Divide rounding away from zero (Kubernetes rounds up sub-nano scales). */
function divCeil(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : q + (a > 0n ? 1n : -1n);
}

/** Parses a Kubernetes quantity string ("500m", "1Gi", "2", "1e3"). Throws on invalid input. */
export function parseQuantity(input: string | number): Quantity {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) {
      throw new Error(`quantities must match the regular expression: ${input}`);
    }
    return parseQuantity(
      Number.isInteger(input) ? String(input) : input.toFixed(9),
    );
  }
  const m = QUANTITY_RE.exec(String(input).trim());
  if (!m) {
    throw new Error(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
  }
  const [, sign, num, suffix = ''] = m;
  const [intPart, fracPart = ''] = num.split('.');
  // mantissa as integer scaled by 10^-frac.length
  const mantissa = BigInt((intPart || '0') + fracPart);
  const fracDigits = fracPart.length;
  let nano: bigint;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BINARY) {
    format = 'BinarySI';
    nano = divCeil(mantissa * BINARY[suffix] * NANO, pow10(fracDigits));
  } else {
    const exp =
      suffix.startsWith('e') || suffix.startsWith('E')
        ? Number(suffix.slice(1))
        : DECIMAL_EXP[suffix];
    const shift = exp + 9 - fracDigits;
    nano =
      shift >= 0 ? mantissa * pow10(shift) : divCeil(mantissa, pow10(-shift));
  }
  return { nano: sign === '-' ? -nano : nano, format };
}

/** Parses, returning undefined instead of throwing. */
export function tryParseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') {
    return undefined;
  }
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}

const DECIMAL_SUFFIXES: Array<[number, string]> = [
  [18, 'E'],
  [15, 'P'],
  [12, 'T'],
  [9, 'G'],
  [6, 'M'],
  [3, 'k'],
  [0, ''],
  [-3, 'm'],
  [-6, 'u'],
  [-9, 'n'],
];

const BINARY_SUFFIXES: Array<[bigint, string]> = [
  [BINARY.Ei, 'Ei'],
  [BINARY.Pi, 'Pi'],
  [BINARY.Ti, 'Ti'],
  [BINARY.Gi, 'Gi'],
  [BINARY.Mi, 'Mi'],
  [BINARY.Ki, 'Ki'],
];

/** Canonical string form, like Kubernetes' Quantity.String(). */
export function formatQuantity(q: Quantity): string {
  const { nano } = q;
  if (nano === 0n) {
    return '0';
  }
  const neg = nano < 0n;
  const abs = neg ? -nano : nano;
  const sign = neg ? '-' : '';
  if (q.format === 'BinarySI' && abs % NANO === 0n) {
    const units = abs / NANO;
    if (units >= 1024n) {
      for (const [factor, suffix] of BINARY_SUFFIXES) {
        if (units % factor === 0n) {
          return `${sign}${units / factor}${suffix}`;
        }
      }
      return `${sign}${units}`;
    }
  }
  for (const [exp, suffix] of DECIMAL_SUFFIXES) {
    const factor = pow10(exp + 9);
    if (abs % factor === 0n) {
      return `${sign}${abs / factor}${suffix}`;
    }
  }
  return `${sign}${abs}n`;
}

/** Re-formats a quantity string canonically ("1000m" -> "1"). */
export function canonicalQuantity(input: string | number): string {
  return formatQuantity(parseQuantity(input));
}

export function zeroQuantity(format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nano: 0n, format };
}

/** a + b; like Quantity.Add, a zero receiver takes the other operand's format. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nano: a.nano + b.nano, format: a.nano === 0n ? b.format : a.format };
}

export function subtractQuantity(a: Quantity, b: Quantity): Quantity {
  return { nano: a.nano - b.nano, format: a.format };
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  if (a.nano === b.nano) {
    return 0;
  }
  return a.nano < b.nano ? -1 : 1;
}

/** Whole units (rounded up), e.g. for counting GPUs or pods. */
export function quantityToNumber(q: Quantity): number {
  return Number(q.nano) / 1e9;
}

/** A map of resource name to quantity, like corev1.ResourceList. */
export type ResourceList = Map<string, Quantity>;

export function parseResourceList(
  raw: Record<string, unknown> | undefined | null,
): ResourceList {
  const out: ResourceList = new Map();
  if (!raw) {
    return out;
  }
  for (const [k, v] of Object.entries(raw)) {
    const q = tryParseQuantity(v);
    if (q) {
      out.set(k, q);
    }
  }
  return out;
}

export function formatResourceList(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...list.keys()].sort()) {
    out[k] = formatQuantity(list.get(k)!);
  }
  return out;
}

/** Adds b into a (in place) and returns a. */
export function addResourceList(
  a: ResourceList,
  b: ResourceList,
): ResourceList {
  for (const [k, v] of b) {
    const cur = a.get(k);
    a.set(k, cur ? addQuantity(cur, v) : { ...v });
  }
  return a;
}

/** "key=value,key=value" sorted by key, like the quota admission prettyPrint. */
export function prettyPrintResourceList(list: ResourceList): string {
  return [...list.keys()]
    .sort()
    .map(k => `${k}=${formatQuantity(list.get(k)!)}`)
    .join(',');
}
