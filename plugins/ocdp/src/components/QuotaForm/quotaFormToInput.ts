import {
  OcdpInputError,
  OcdpQuotaInput,
  formQuotaToSpec,
  isBlankQuotaValue,
} from '@ocdp/plugin-ocdp-common';
import { QuotaFormMessages, quotaFormErrors } from './quotaFormChecks';
import { STANDARD_QUOTA_FIELDS } from './quotaFields';
import { QuotaFormValues } from './quotaFormValues';

/**
 * Problems of a quota form, by field: fixed fields by their key, custom rows by
 * `custom.<index>.key` and `custom.<index>.value`; `form` for the whole form.
 */
export type QuotaFormErrors = QuotaFormMessages;

/** Either the quota to send or what is wrong with the form. */
export type QuotaFormResult =
  | { quota: OcdpQuotaInput; errors?: undefined }
  | { quota?: undefined; errors: QuotaFormErrors };

/**
 * The quota to send for a form, read with OCDP's quota semantics (`formQuotaToSpec`): blank
 * CPU, memory, storage and custom keys are unlimited, blank GPU keys are `0`.
 *
 * Unlimited keys are sent as `null` rather than left out: the backend fills keys a new
 * binding's request leaves out from `ocdp.quota.defaults`, while `null` stays unlimited.
 */
export function quotaFormToInput(
  values: QuotaFormValues,
  gpuResourceKeys: readonly string[],
): QuotaFormResult {
  const errors = quotaFormErrors(values);
  if (Object.keys(errors).length > 0) {
    return { errors };
  }
  const form: Record<string, string> = {
    ...Object.fromEntries(STANDARD_QUOTA_FIELDS.map(field => [field.key, ''])),
    ...values.fields,
  };
  for (const row of values.custom) {
    const key = row.key.trim();
    if (key) {
      form[key] = row.value;
    }
  }
  try {
    const spec = formQuotaToSpec(form, { gpuResourceKeys });
    const quota: OcdpQuotaInput = { ...spec };
    for (const [key, value] of Object.entries(form)) {
      if (isBlankQuotaValue(value) && !(key in spec)) {
        quota[key] = null;
      }
    }
    return { quota };
  } catch (error) {
    if (error instanceof OcdpInputError) {
      return { errors: { form: error.message } };
    }
    throw error;
  }
}
