import { OcdpTenant } from '@ocdp/plugin-ocdp-common';

/** What a blank namespace field stands for when adding a cluster to a tenant, and a hint saying so. */
export function namespaceDefault(tenant: OcdpTenant): {
  placeholder: string;
  hint: string;
} {
  return tenant.personal
    ? {
        placeholder: tenant.bindings[0]?.namespace ?? 'personal namespace',
        hint: "Blank = the owner's personal namespace",
      }
    : { placeholder: tenant.name, hint: 'Blank = tenant name' };
}
