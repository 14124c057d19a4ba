import {
  QuotaSpec,
  isByteQuotaKey,
  sortQuotaKeys,
} from '@ocdp/plugin-ocdp-common';
import { STANDARD_QUOTA_FIELDS } from './quotaFields';

/** A quota key the form has no fixed field for. */
export interface CustomQuotaRow {
  key: string;
  value: string;
}

/** The quota form as typed: fixed fields by key, then custom rows. */
export interface QuotaFormValues {
  fields: Record<string, string>;
  custom: CustomQuotaRow[];
}

/** A blank form: every limit unlimited, every GPU key 0. */
export function emptyQuotaForm(): QuotaFormValues {
  return { fields: {}, custom: [] };
}

/** A stored value in the form's units: `32Gi` → `32` for GiB fields. */
function formValueOf(key: string, value: string): string {
  const gib = /^(\d+(\.\d+)?)Gi$/.exec(value);
  return gib && isByteQuotaKey(key) ? gib[1] : value;
}

/** The form showing a stored quota; keys without a fixed field become custom rows. */
export function quotaFormFromSpec(
  spec: QuotaSpec,
  gpuResourceKeys: readonly string[],
): QuotaFormValues {
  const fixed = new Set([
    ...STANDARD_QUOTA_FIELDS.map(field => field.key),
    ...gpuResourceKeys,
  ]);
  const form = emptyQuotaForm();
  for (const key of sortQuotaKeys(Object.keys(spec), gpuResourceKeys)) {
    const value = formValueOf(key, spec[key]);
    if (fixed.has(key)) {
      form.fields[key] = value;
    } else {
      form.custom.push({ key, value });
    }
  }
  return form;
}
