import {
  OcdpInputError,
  OcdpQuotaInput,
  formQuotaToSpec,
  isBlankQuotaValue,
  isValidQuotaKey,
  parseFormQuotaValue,
} from '@ocdp/plugin-ocdp-common';
import { STANDARD_QUOTA_FIELDS } from './quotaFields';
import { QuotaFormValues } from './quotaFormValues';

/**
 * Problems of a quota form, by field: fixed fields by their key, custom rows by
 * `custom.<index>.key` and `custom.<index>.value`; `form` for the whole form.
 */
export type QuotaFormErrors = Record<string, string>;

/** Either the quota to send or what is wrong with the form. */
export type QuotaFormResult =
  | { quota: OcdpQuotaInput; errors?: undefined }
  | { quota?: undefined; errors: QuotaFormErrors };

/** `quota.requests.cpu: "x" is not…` → `"x" is not…`: the field already says which one. */
function detailOf(error: OcdpInputError): string {
  const prefix = `${error.field}: `;
  return error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
}

function checkValue(key: string, value: string): string | undefined {
  try {
    parseFormQuotaValue(key, value);
    return undefined;
  } catch (error) {
    if (error instanceof OcdpInputError) {
      return detailOf(error);
    }
    throw error;
  }
}

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
  const errors: QuotaFormErrors = {};
  const form: Record<string, string> = {};

  const fields: Record<string, string> = {
    ...Object.fromEntries(STANDARD_QUOTA_FIELDS.map(field => [field.key, ''])),
    ...values.fields,
  };
  for (const [key, value] of Object.entries(fields)) {
    const problem = checkValue(key, value);
    if (problem) {
      errors[key] = problem;
    }
    form[key] = value;
  }

  values.custom.forEach((row, index) => {
    const key = row.key.trim();
    if (!key && isBlankQuotaValue(row.value)) {
      return;
    }
    const keyField = `custom.${index}.key`;
    if (!key) {
      errors[keyField] = 'Enter a ResourceQuota key';
    } else if (!isValidQuotaKey(key)) {
      errors[keyField] = `"${key}" is not a valid ResourceQuota key`;
    } else if (Object.prototype.hasOwnProperty.call(form, key)) {
      errors[keyField] = `"${key}" is already set above`;
    } else {
      form[key] = row.value;
    }
    const problem = key ? checkValue(key, row.value) : undefined;
    if (problem) {
      errors[`custom.${index}.value`] = problem;
    }
  });

  if (Object.keys(errors).length > 0) {
    return { errors };
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
