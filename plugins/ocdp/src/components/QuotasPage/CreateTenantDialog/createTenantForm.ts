import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  OcdpCreateTenantRequest,
  validateTenantName,
} from '@ocdp/plugin-ocdp-common';
import { inputErrorMessage } from '../../../utils/inputErrorMessage';
import { OwnerChoice } from '../../OwnerPicker';
import {
  BindingFormErrors,
  BindingFormValues,
  BindingInput,
  checkBindingForm,
  emptyBindingForm,
  hasBindingErrors,
} from '../shared';

/** The create dialog as typed. */
export interface CreateTenantFormValues {
  name: string;
  owner: OwnerChoice;
  bindings: BindingFormValues[];
}

export interface CreateTenantFormErrors {
  name?: string;
  owner?: string;
  /** Problems of the cluster list as a whole. */
  clusters?: string;
  bindings: BindingFormErrors[];
}

/** The tenant name's problem, if any: `name: "Foo" must be a DNS-1123 label (…)`. */
export function tenantNameError(name: string): string | undefined {
  return inputErrorMessage(() => validateTenantName(name));
}

/** A blank create form with one cluster (none chosen yet). */
export function emptyCreateTenantForm(): CreateTenantFormValues {
  return { name: '', owner: { text: '' }, bindings: [emptyBindingForm()] };
}

/** The form with `cluster` chosen for its only binding, unless a cluster is chosen already. */
export function withFirstCluster(
  form: CreateTenantFormValues,
  cluster: string,
): CreateTenantFormValues {
  return form.bindings.length === 1 && !form.bindings[0].cluster
    ? { ...form, bindings: [{ ...form.bindings[0], cluster }] }
    : form;
}

/**
 * The owner to send: the user or group picked from the catalog, or else a full `user:` /
 * `group:` entity ref pasted into the field.
 */
export function ownerRefOf(owner: OwnerChoice): string | undefined {
  return owner.picked?.ref ?? normalizeOwnerRef(owner.text);
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

function checkListedBinding(
  binding: BindingFormValues,
  index: number,
  all: BindingFormValues[],
  gpuResourceKeys: readonly string[],
): { errors: BindingFormErrors; input?: BindingInput } {
  const checked = checkBindingForm(binding, gpuResourceKeys);
  const listedBefore =
    all.findIndex(b => b.cluster === binding.cluster) !== index;
  if (binding.cluster && listedBefore) {
    return {
      errors: { ...checked.errors, cluster: 'This cluster is already listed' },
    };
  }
  return checked;
}

/** Checks the create dialog and builds the request, or says what is wrong field by field. */
export function toCreateTenantRequest(
  form: CreateTenantFormValues,
  gpuResourceKeys: readonly string[],
):
  | { request: OcdpCreateTenantRequest; errors?: undefined }
  | { request?: undefined; errors: CreateTenantFormErrors } {
  const owner = ownerRefOf(form.owner);
  const checked = form.bindings.map((binding, index) =>
    checkListedBinding(binding, index, form.bindings, gpuResourceKeys),
  );
  const bindings = checked.flatMap(c => (c.input ? [c.input] : []));
  const errors: CreateTenantFormErrors = {
    name: tenantNameError(form.name),
    owner: owner
      ? undefined
      : 'owner: enter a user or group and pick it from the list',
    clusters:
      form.bindings.length === 0 ? 'Add at least one cluster' : undefined,
    bindings: checked.map(c => c.errors),
  };
  if (
    !owner ||
    errors.name ||
    errors.clusters ||
    errors.bindings.some(hasBindingErrors) ||
    bindings.length !== form.bindings.length
  ) {
    return { errors };
  }
  return { request: { name: form.name, owner, bindings } };
}
