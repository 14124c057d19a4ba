import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  OcdpCreateTenantRequest,
  OcdpInputError,
  OcdpQuotaInput,
  validateNamespaceName,
  validateTenantName,
} from '@ocdp/plugin-ocdp-common';
import {
  QuotaFormErrors,
  QuotaFormValues,
  emptyQuotaForm,
  quotaFormToInput,
} from '../QuotaForm';

/** One cluster of the create dialog. */
export interface BindingFormValues {
  cluster: string;
  namespace: string;
  quota: QuotaFormValues;
}

/** The create dialog as typed. */
export interface CreateTenantFormValues {
  name: string;
  owner: string;
  bindings: BindingFormValues[];
}

export interface BindingFormErrors {
  cluster?: string;
  namespace?: string;
  quota: QuotaFormErrors;
}

export interface CreateTenantFormErrors {
  name?: string;
  owner?: string;
  /** Problems of the cluster list as a whole. */
  clusters?: string;
  bindings: BindingFormErrors[];
}

export function emptyBindingForm(cluster = ''): BindingFormValues {
  return { cluster, namespace: '', quota: emptyQuotaForm() };
}

function inputErrorMessage(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof OcdpInputError) {
      return error.message;
    }
    throw error;
  }
}

/** The tenant name's problem, if any: `name: "Foo" must be a DNS-1123 label (…)`. */
export function tenantNameError(name: string): string | undefined {
  return inputErrorMessage(() => validateTenantName(name));
}

/** `user:default/x` or `group:default/x` → its canonical form; `undefined` otherwise. */
export function normalizeOwnerRef(owner: string): string | undefined {
  try {
    const ref = parseEntityRef(owner.trim());
    const kind = ref.kind.toLocaleLowerCase('en-US');
    return kind === 'user' || kind === 'group'
      ? stringifyEntityRef(ref)
      : undefined;
  } catch {
    return undefined;
  }
}

function bindingErrors(
  binding: BindingFormValues,
  index: number,
  all: BindingFormValues[],
  gpuResourceKeys: readonly string[],
): { errors: BindingFormErrors; quota?: OcdpQuotaInput } {
  const errors: BindingFormErrors = { quota: {} };
  if (!binding.cluster) {
    errors.cluster = 'Choose a cluster';
  } else if (all.findIndex(b => b.cluster === binding.cluster) !== index) {
    errors.cluster = 'This cluster is already listed';
  }
  const namespace = binding.namespace.trim();
  if (namespace) {
    errors.namespace = inputErrorMessage(() =>
      validateNamespaceName(namespace),
    );
  }
  const result = quotaFormToInput(binding.quota, gpuResourceKeys);
  if (result.errors) {
    errors.quota = result.errors;
  }
  return { errors, quota: result.quota };
}

function hasBindingErrors(errors: BindingFormErrors): boolean {
  return (
    !!errors.cluster ||
    !!errors.namespace ||
    Object.keys(errors.quota).length > 0
  );
}

/** Checks the create dialog and builds the request, or says what is wrong field by field. */
export function toCreateTenantRequest(
  form: CreateTenantFormValues,
  gpuResourceKeys: readonly string[],
):
  | { request: OcdpCreateTenantRequest; errors?: undefined }
  | { request?: undefined; errors: CreateTenantFormErrors } {
  const owner = normalizeOwnerRef(form.owner);
  const checked = form.bindings.map((binding, index) =>
    bindingErrors(binding, index, form.bindings, gpuResourceKeys),
  );
  const errors: CreateTenantFormErrors = {
    name: tenantNameError(form.name),
    owner: owner
      ? undefined
      : 'owner: enter a user or group entity ref, e.g. group:default/team-vision',
    clusters:
      form.bindings.length === 0 ? 'Add at least one cluster' : undefined,
    bindings: checked.map(c => c.errors),
  };
  if (
    !owner ||
    errors.name ||
    errors.clusters ||
    errors.bindings.some(hasBindingErrors)
  ) {
    return { errors };
  }
  return {
    request: {
      name: form.name,
      owner,
      bindings: form.bindings.map((binding, index) => ({
        cluster: binding.cluster,
        ...(binding.namespace.trim()
          ? { namespace: binding.namespace.trim() }
          : {}),
        quota: checked[index].quota ?? {},
      })),
    },
  };
}
