import { OcdpInputError } from '../errors';
import {
  QuotaEnforcementOptions,
  QuotaProblem,
  fractionalDetail,
  problem,
  unenforcedKeyDetail,
} from './enforcement';
import { parseFormQuotaValue } from './form';
import { invalidQuotaKeyDetail, unsafeQuotaKeyDetail } from './guard';
import { isUnsafeObjectKey, isValidQuotaKey } from './keys';
import { isBlankQuotaValue, parseNonNegativeQuantity } from './values';

/**
 * Options of `quotaKeyProblems`.
 *
 * @public
 */
export interface QuotaKeyProblemsOptions extends QuotaEnforcementOptions {
  /** The field problems are reported under; `quota` by default (`quota.pods`). */
  field?: string;
  /**
   * Read the value as text typed in the quota form, as `parseFormQuotaValue` and
   * `formQuotaToSpec` read it (a bare number is cores for CPU, GiB for memory and storage, MiB
   * for GPU memory). Without it the value is an API value: a Kubernetes quantity.
   */
  form?: boolean;
}

/**
 * The problems `normalizeQuotaSpec` (and so the API, with HTTP 400) refuses in one quota entry,
 * for a form to show next to the field before submitting. Empty when the entry is fine. Key
 * problems come first; the first problem is the one `normalizeQuotaSpec` throws.
 *
 * - an invalid ResourceQuota key, or `__proto__` / `constructor` / `prototype`;
 * - a key Kubernetes never enforces: `limits.<extended resource>` or a bare extended resource
 *   (`quota.limits.nvidia.com/gpu: Kubernetes only enforces extended resources as
 *   requests.nvidia.com/gpu; use that key`);
 * - a value that is not a non-negative Kubernetes quantity;
 * - a fractional value for an object count (`pods`, `count/<resource>`, `services`, …) or an
 *   extended resource (`requests.nvidia.com/gpu: 0.5`, HAMi `requests.nvidia.com/gpumem`).
 *
 * A blank value has no value problem. CPU, memory and storage values may be fractional.
 *
 * @public
 */
export function quotaKeyProblems(
  key: string,
  value: unknown,
  options: QuotaKeyProblemsOptions = {},
): QuotaProblem[] {
  const field = `${options.field ?? 'quota'}.${key}`;
  if (isUnsafeObjectKey(key)) {
    return [problem(field, unsafeQuotaKeyDetail(key))];
  }
  const problems: QuotaProblem[] = [];
  if (!isValidQuotaKey(key)) {
    problems.push(problem(field, invalidQuotaKeyDetail(key)));
  } else {
    const detail = unenforcedKeyDetail(key, options);
    if (detail !== undefined) {
      problems.push(problem(field, detail));
    }
  }
  if (isBlankQuotaValue(value)) {
    return problems;
  }
  try {
    const apiValue =
      options.form && typeof value === 'string'
        ? parseFormQuotaValue(key, value, field)
        : value;
    const quantity = parseNonNegativeQuantity(apiValue, field);
    const shown = typeof value === 'string' ? value.trim() : String(value);
    const detail = fractionalDetail(key, quantity, shown);
    if (detail !== undefined) {
      problems.push(problem(field, detail));
    }
  } catch (error) {
    if (!(error instanceof OcdpInputError)) {
      throw error;
    }
    problems.push(
      problem(error.field, error.message.slice(error.field.length + 2)),
    );
  }
  return problems;
}
