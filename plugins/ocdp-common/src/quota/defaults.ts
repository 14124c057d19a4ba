import { ownQuotaKeys, ownValue, toPlainObject } from './guard';
import { QuotaSpec } from './types';
import { isBlankQuotaValue } from './values';

/**
 * Merges configured defaults (`ocdp.quota.defaults`) under the quota a user gave, before
 * `normalizeQuotaSpec`: every key given wins, and a key given blank stays blank (so it becomes
 * unlimited or `0` by the usual rules, not the default).
 *
 * When `gpuResourceKeys` is passed and the user gives any of them a value, no default GPU key is
 * kept: the user's GPU choice replaces the defaults' entirely (the others become `0`), so a
 * default GPU type never leaks next to the one chosen.
 *
 * @throws OcdpInputError for `__proto__`, `constructor` or `prototype` keys in either object
 * @public
 */
export function mergeQuotaDefaults(
  defaults: QuotaSpec,
  given: Record<string, unknown>,
  options: { gpuResourceKeys?: readonly string[] } = {},
): Record<string, unknown> {
  const gpuKeys = options.gpuResourceKeys ?? [];
  const defaultKeys = ownQuotaKeys(defaults, 'ocdp.quota.defaults');
  const givenKeys = ownQuotaKeys(given, 'quota');
  const userSetGpu = givenKeys.some(
    key => gpuKeys.includes(key) && !isBlankQuotaValue(ownValue(given, key)),
  );
  const merged = new Map<string, unknown>();
  for (const key of defaultKeys) {
    if (!(userSetGpu && gpuKeys.includes(key))) {
      merged.set(key, ownValue(defaults, key));
    }
  }
  for (const key of givenKeys) {
    merged.set(key, ownValue(given, key));
  }
  return toPlainObject([...merged.entries()]);
}
