import {
  assertQuotaKey,
  checkGpuResourceKeys,
  ownQuotaKeys,
  ownValue,
  toPlainObject,
} from './guard';
import { NormalizeQuotaOptions, QuotaSpec } from './types';
import { canonicalNonNegative, isBlankQuotaValue } from './values';

/**
 * Validates a quota spec sent to the API and applies OCDP's quota semantics.
 *
 * - Every key must be a valid ResourceQuota key (`isValidQuotaKey`), every value a non-negative
 *   Kubernetes quantity (string or number), written back in canonical form (`1.5Gi` → `1536Mi`,
 *   `1000m` → `1`). Otherwise an `OcdpInputError` (HTTP 400) names the field:
 *   `quota.requests.cpu: "12GB" is not a valid Kubernetes quantity`.
 * - `null`, `undefined` and blank strings are blank. Blank CPU / memory keys (and any other
 *   non-GPU key) are unlimited: omitted from the result.
 * - GPU keys are the configured `gpuResourceKeys`. For ordinary tenants (the default) every
 *   configured GPU key is in the result, `0` unless given a value — so a blank GPU key is an
 *   explicit `0`, and setting one GPU key zeroes the other GPU types.
 * - For other tenants (`ordinaryTenant: false`) blank GPU keys are omitted (unlimited) — unless
 *   some configured GPU key is given a value: then every configured GPU key without a value is
 *   `0`, so GPU types never leak into each other. Non-GPU keys never trigger this zeroing.
 * - Objects with `__proto__`, `constructor` or `prototype` keys are rejected.
 *
 * The result is a new plain object with keys sorted, and normalizing it again returns an equal
 * object.
 *
 * @throws OcdpInputError naming `quota` (or `options.field`) and the key
 * @public
 */
export function normalizeQuotaSpec(
  input: Record<string, unknown>,
  options: NormalizeQuotaOptions,
): QuotaSpec {
  const field = options.field ?? 'quota';
  const ordinary = options.ordinaryTenant ?? true;
  const gpuKeys = options.gpuResourceKeys;
  checkGpuResourceKeys(gpuKeys);

  const keys = ownQuotaKeys(input, field);
  const result = new Map<string, string>();
  let anyGpuSet = false;
  for (const key of keys) {
    assertQuotaKey(key, field);
    const value = ownValue(input, key);
    if (isBlankQuotaValue(value)) {
      continue;
    }
    result.set(key, canonicalNonNegative(value, `${field}.${key}`));
    if (gpuKeys.includes(key)) {
      anyGpuSet = true;
    }
  }

  for (const key of gpuKeys) {
    if (result.has(key)) {
      continue;
    }
    if (ordinary || anyGpuSet) {
      result.set(key, '0');
    }
  }

  const entries = [...result.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return toPlainObject(entries);
}
