import { OcdpInputError } from '../errors';
import {
  formatQuantity,
  quantityFromNanos,
  quantityValue,
  roundUpQuantity,
} from '../quantity';
import {
  assertQuotaKey,
  checkGpuResourceKeys,
  ownQuotaKeys,
  ownValue,
} from './guard';
import { isByteQuotaKey, isGpuMemoryQuotaKey } from './keys';
import { normalizeQuotaSpec } from './normalize';
import { NormalizeQuotaOptions, QuotaSpec } from './types';
import {
  canonicalNonNegative,
  isBlankQuotaValue,
  parseNonNegativeQuantity,
} from './values';

const BARE_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const BINARY_SUFFIX = /(Ki|Mi|Gi|Ti|Pi|Ei)$/;
const MIB = 1n << 20n;
const NANOS_PER_UNIT = 1_000_000_000n;

/** A MiB count from a quantity of bytes, rounded up to a whole MiB. */
function bytesToMiBCount(text: string, field: string): string {
  const bytes = quantityValue(parseNonNegativeQuantity(text, field));
  const mib = (bytes + MIB - 1n) / MIB;
  return formatQuantity(quantityFromNanos(mib * NANOS_PER_UNIT));
}

/**
 * Reads one quota field of a form, where bare numbers carry a unit:
 *
 * - CPU keys (`cpu`, `requests.cpu`, `limits.cpu`): cores — `"0.5"` → `"500m"`.
 * - Memory and storage keys (`memory`, `*.memory`, `requests.storage`, `*ephemeral-storage`,
 *   `<class>.storageclass.storage.k8s.io/requests.storage`, huge pages): GiB — `"8"` → `"8Gi"`,
 *   `"1.5"` → `"1536Mi"`.
 * - GPU-memory keys (`nvidia.com/gpumem`, `requests.nvidia.com/gpumem`, anything ending in
 *   `gpumem` or `gpu-memory`): MiB. HAMi counts GPU memory in MiB — the resource value *is*
 *   the number of MiB — so the result is a whole MiB count: `"16384"` → `"16384"`. A value with
 *   a binary byte suffix is converted to MiB (`"16Gi"` → `"16384"`); fractions of a MiB round up.
 *   Any other suffix is read as a plain Kubernetes quantity of MiB (`"16k"` → `"16k"`).
 * - Everything else (GPU counts, pods, PVC counts, custom keys): plain counts — `"2"` → `"2"`.
 *
 * Values with a suffix are Kubernetes quantities and pass through the quantity parser. The
 * result is canonical (`"1000m"` → `"1"`); blank input gives `undefined`.
 *
 * @param field - the field named in errors; `quota.<key>` by default
 * @throws OcdpInputError naming the field when the value is not a non-negative quantity
 * @public
 */
export function parseFormQuotaValue(
  key: string,
  input: string | undefined | null,
  field = `quota.${key}`,
): string | undefined {
  if (isBlankQuotaValue(input)) {
    return undefined;
  }
  if (typeof input !== 'string') {
    throw new OcdpInputError(field, `${String(input)} must be a string`);
  }
  const text = input.trim();
  const bare = BARE_NUMBER.test(text);
  if (isGpuMemoryQuotaKey(key)) {
    if (BINARY_SUFFIX.test(text)) {
      return bytesToMiBCount(text, field);
    }
    const count = parseNonNegativeQuantity(text, field);
    return formatQuantity(bare ? roundUpQuantity(count, 0) : count);
  }
  if (bare && isByteQuotaKey(key)) {
    parseNonNegativeQuantity(text, field);
    return canonicalNonNegative(`${text}Gi`, field);
  }
  // A bare number for a CPU key is cores, and for any other key a count: exactly what a plain
  // Kubernetes quantity means, so it needs no conversion.
  return canonicalNonNegative(text, field);
}

/**
 * Turns a quota form (key → text as typed) into a normalized quota spec: each value through
 * `parseFormQuotaValue`, then `normalizeQuotaSpec` (blank CPU / memory unlimited, blank GPU keys
 * `0` for ordinary tenants, GPU keys zeroing each other).
 *
 * @throws OcdpInputError naming `quota.<key>` (or `<options.field>.<key>`)
 * @public
 */
export function formQuotaToSpec(
  form: Record<string, string | undefined | null>,
  options: NormalizeQuotaOptions,
): QuotaSpec {
  const field = options.field ?? 'quota';
  checkGpuResourceKeys(options.gpuResourceKeys);
  const parsed: Record<string, unknown> = Object.create(null);
  for (const key of ownQuotaKeys(form, field)) {
    assertQuotaKey(key, field);
    parsed[key] = parseFormQuotaValue(
      key,
      ownValue(form, key) as string | undefined,
      `${field}.${key}`,
    );
  }
  return normalizeQuotaSpec(parsed, options);
}
