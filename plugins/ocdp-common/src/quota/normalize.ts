import {
  assertQuotaKey,
  checkGpuResourceKeys,
  ownQuotaKeys,
  ownValue,
  toPlainObject,
} from './guard';
import { formatQuantity } from '../quantity';
import {
  assertEnforcedQuotaKey,
  assertWholeWhereCounted,
  checkEnforcedGpuResourceKeys,
} from './enforcement';
import { NormalizeQuotaOptions, QuotaSpec } from './types';
import { isBlankQuotaValue, parseNonNegativeQuantity } from './values';

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
 * - Keys Kubernetes accepts but never enforces are rejected, naming the key to use instead:
 *   extended resources only count as `requests.<name>`, so `limits.nvidia.com/gpu` and a bare
 *   `nvidia.com/gpu` limit nothing (`quota.limits.nvidia.com/gpu: Kubernetes only enforces
 *   extended resources as requests.nvidia.com/gpu; use that key`). `options.externallyEnforcedKeys`
 *   exempts keys something else enforces (HAMi's scheduler: `limits.nvidia.com/gpumem`).
 * - Object counts (`pods`, `count/<resource>`, `services`, `persistentvolumeclaims`, …) and
 *   extended resources (`requests.nvidia.com/gpu`, HAMi `requests.nvidia.com/gpumem` in MiB)
 *   must be whole numbers: a quota of `500m` GPUs allows none. CPU, memory and storage may be
 *   fractional (`500m`, `1.5Gi`).
 * - A configured GPU key Kubernetes would not enforce is a configuration error (`TypeError`).
 *
 * `limits.cpu` / `limits.memory` below their requests are accepted; `quotaWarnings` reports them.
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
  checkEnforcedGpuResourceKeys(gpuKeys, options);

  const keys = ownQuotaKeys(input, field);
  const result = new Map<string, string>();
  let anyGpuSet = false;
  for (const key of keys) {
    assertQuotaKey(key, field);
    assertEnforcedQuotaKey(key, field, options);
    const value = ownValue(input, key);
    if (isBlankQuotaValue(value)) {
      continue;
    }
    const quantity = parseNonNegativeQuantity(value, `${field}.${key}`);
    const shown = typeof value === 'string' ? value.trim() : String(value);
    assertWholeWhereCounted(key, quantity, shown, field);
    result.set(key, formatQuantity(quantity));
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
