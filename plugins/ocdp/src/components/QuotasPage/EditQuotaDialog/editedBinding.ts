import { OcdpBindingUsage, QuotaSpec } from '@ocdp/plugin-ocdp-common';

/** The binding being edited: its stored quota and the version that quota has. */
export interface EditedBinding {
  cluster: string;
  namespace: string;
  quota: QuotaSpec;
  version: number;
}

/** The binding to edit from a row of a tenant's usage: its stored spec, not the live quota. */
export function editedBindingFromUsage(usage: OcdpBindingUsage): EditedBinding {
  return {
    cluster: usage.cluster,
    namespace: usage.namespace,
    quota: usage.spec,
    version: usage.version,
  };
}
