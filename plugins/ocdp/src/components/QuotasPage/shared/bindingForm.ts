import {
  OcdpQuotaInput,
  validateNamespaceName,
} from '@ocdp/plugin-ocdp-common';
import { inputErrorMessage } from '../../../utils/inputErrorMessage';
import {
  QuotaFormErrors,
  QuotaFormValues,
  emptyQuotaForm,
  quotaFormToInput,
} from '../../QuotaForm';

/** One cluster of a tenant as typed: which cluster, its namespace and its quota. */
export interface BindingFormValues {
  cluster: string;
  namespace: string;
  quota: QuotaFormValues;
}

export interface BindingFormErrors {
  cluster?: string;
  namespace?: string;
  quota: QuotaFormErrors;
}

/** What to send for one cluster; no namespace lets the backend choose it. */
export interface BindingInput {
  cluster: string;
  namespace?: string;
  quota: OcdpQuotaInput;
}

export function emptyBindingForm(cluster = ''): BindingFormValues {
  return { cluster, namespace: '', quota: emptyQuotaForm() };
}

export function hasBindingErrors(errors: BindingFormErrors): boolean {
  return (
    !!errors.cluster ||
    !!errors.namespace ||
    Object.keys(errors.quota).length > 0
  );
}

/**
 * Checks one cluster of a form and builds what to send for it, with the quota form's blank
 * semantics (`quotaFormToInput`); `input` is there only when nothing is wrong.
 */
export function checkBindingForm(
  binding: BindingFormValues,
  gpuResourceKeys: readonly string[],
): { errors: BindingFormErrors; input?: BindingInput } {
  const errors: BindingFormErrors = { quota: {} };
  if (!binding.cluster) {
    errors.cluster = 'Choose a cluster';
  }
  const namespace = binding.namespace.trim();
  if (namespace) {
    errors.namespace = inputErrorMessage(() =>
      validateNamespaceName(namespace),
    );
  }
  const quota = quotaFormToInput(binding.quota, gpuResourceKeys);
  if (quota.errors) {
    errors.quota = quota.errors;
  }
  if (!quota.quota || hasBindingErrors(errors)) {
    return { errors };
  }
  return {
    errors,
    input: {
      cluster: binding.cluster,
      ...(namespace ? { namespace } : {}),
      quota: quota.quota,
    },
  };
}
