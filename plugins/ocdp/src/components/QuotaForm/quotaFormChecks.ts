import {
  isValidQuotaKey,
  parseFormQuotaValue,
  quotaKeyProblems,
  quotaWarnings,
} from '@ocdp/plugin-ocdp-common';
import { STANDARD_QUOTA_FIELDS } from './quotaFields';
import { QuotaFormValues } from './quotaFormValues';

/**
 * Messages of a quota form, by field: fixed fields by their key, custom rows by
 * `custom.<index>.key` and `custom.<index>.value`; `form` for the whole form.
 */
export type QuotaFormMessages = Record<string, string>;

/** One quota entry of the form and the fields that show its key's and its value's messages. */
interface FormEntry {
  key: string;
  value: string;
  keyField: string;
  valueField: string;
}

/** The form's entries: every fixed field (blank or not), then the custom rows that have a key. */
function formEntries(values: QuotaFormValues): FormEntry[] {
  const fixed: Record<string, string> = {
    ...Object.fromEntries(STANDARD_QUOTA_FIELDS.map(field => [field.key, ''])),
    ...values.fields,
  };
  const entries: FormEntry[] = Object.entries(fixed).map(([key, value]) => ({
    key,
    value,
    keyField: key,
    valueField: key,
  }));
  values.custom.forEach((row, index) => {
    entries.push({
      key: row.key.trim(),
      value: row.value,
      keyField: `custom.${index}.key`,
      valueField: `custom.${index}.value`,
    });
  });
  return entries;
}

/** Why a custom row's key cannot be sent as typed, before asking what Kubernetes makes of it. */
function customKeyError(
  entry: FormEntry,
  index: number,
  entries: FormEntry[],
): string | undefined {
  if (!entry.key) {
    return 'Enter a ResourceQuota key';
  }
  if (!isValidQuotaKey(entry.key)) {
    return `"${entry.key}" is not a valid ResourceQuota key`;
  }
  const first = entries.findIndex(other => other.key === entry.key);
  return first < index ? `"${entry.key}" is already set above` : undefined;
}

/**
 * What the API would refuse with a 400, field by field, so the form can say so before it is
 * sent: keys Kubernetes never enforces (`limits.nvidia.com/gpu`, a bare `nvidia.com/gpu`: "use
 * requests.nvidia.com/gpu"), values that are not quantities, and fractional values where
 * Kubernetes counts whole things (GPUs and other extended resources, `pods`, `count/*`,
 * `services`, `configmaps`, …). Key problems go to the key's field, value problems to the
 * value's. A custom row with neither key nor value is ignored.
 */
export function quotaFormErrors(values: QuotaFormValues): QuotaFormMessages {
  const errors: QuotaFormMessages = {};
  const entries = formEntries(values);
  entries.forEach((entry, index) => {
    const custom = entry.keyField !== entry.valueField;
    if (custom && !entry.key && !entry.value.trim()) {
      return;
    }
    const keyError = custom ? customKeyError(entry, index, entries) : undefined;
    if (keyError) {
      errors[entry.keyField] = keyError;
    }
    if (!entry.key || (keyError && !isValidQuotaKey(entry.key))) {
      return;
    }
    // Problems of the key alone come first, then the value's (`quotaKeyProblems` keeps that order).
    const keyProblems = quotaKeyProblems(entry.key, null);
    const problems = quotaKeyProblems(entry.key, entry.value, { form: true });
    if (keyProblems.length > 0 && !keyError) {
      errors[entry.keyField] = keyProblems[0].detail;
    }
    const valueProblem = problems[keyProblems.length];
    if (valueProblem && !errors[entry.valueField]) {
      errors[entry.valueField] = valueProblem.detail;
    }
  });
  return errors;
}

/**
 * What the API accepts but probably not as meant, by the field to show it on: today a
 * `limits.cpu` / `limits.memory` below its `requests.*` counterpart (`quotaWarnings`). Values
 * that do not parse are skipped: `quotaFormErrors` reports them.
 */
export function quotaFormWarnings(values: QuotaFormValues): QuotaFormMessages {
  const entries = formEntries(values);
  const spec: Record<string, string> = {};
  const fieldOf: Record<string, string> = {};
  for (const entry of entries) {
    if (!entry.key || !isValidQuotaKey(entry.key) || entry.key in fieldOf) {
      continue;
    }
    fieldOf[entry.key] = entry.valueField;
    try {
      const parsed = parseFormQuotaValue(entry.key, entry.value);
      if (parsed !== undefined) {
        spec[entry.key] = parsed;
      }
    } catch {
      // reported by quotaFormErrors
    }
  }
  const warnings: QuotaFormMessages = {};
  for (const warning of quotaWarnings(spec, { field: 'quota' })) {
    const field = fieldOf[warning.field.slice('quota.'.length)];
    if (field && !warnings[field]) {
      warnings[field] = warning.detail;
    }
  }
  return warnings;
}
