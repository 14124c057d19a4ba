import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Resource type of OCDP tenants, used by conditional tenant permissions. @public */
export const OCDP_TENANT_RESOURCE_TYPE = 'ocdp-tenant';

/** @public */
export type OcdpTenantPermission = ResourcePermission<
  typeof OCDP_TENANT_RESOURCE_TYPE
>;

/** Read a tenant: its bindings, quota and usage. Conditional on membership. @public */
export const ocdpTenantReadPermission = createPermission({
  name: 'ocdp.tenant.read',
  attributes: { action: 'read' },
  resourceType: OCDP_TENANT_RESOURCE_TYPE,
});

/** @public */
export const ocdpTenantCreatePermission = createPermission({
  name: 'ocdp.tenant.create',
  attributes: { action: 'create' },
});

/** @public */
export const ocdpTenantUpdatePermission = createPermission({
  name: 'ocdp.tenant.update',
  attributes: { action: 'update' },
});

/** @public */
export const ocdpTenantDeletePermission = createPermission({
  name: 'ocdp.tenant.delete',
  attributes: { action: 'delete' },
});

/** Change the quota of a tenant's cluster binding. @public */
export const ocdpQuotaUpdatePermission = createPermission({
  name: 'ocdp.quota.update',
  attributes: { action: 'update' },
});

/** @public */
export const ocdpInstanceCreatePermission = createPermission({
  name: 'ocdp.instance.create',
  attributes: { action: 'create' },
});

/** @public */
export const ocdpInstanceUpdatePermission = createPermission({
  name: 'ocdp.instance.update',
  attributes: { action: 'update' },
});

/** @public */
export const ocdpInstanceDeletePermission = createPermission({
  name: 'ocdp.instance.delete',
  attributes: { action: 'delete' },
});

/** Cluster-wide views: every node, every tenant's usage. @public */
export const ocdpClusterReadPermission = createPermission({
  name: 'ocdp.cluster.read',
  attributes: { action: 'read' },
});

/** See which clusters the portal manages, and whether they answer. @public */
export const ocdpClusterListPermission = createPermission({
  name: 'ocdp.cluster.list',
  attributes: { action: 'read' },
});

/** Every OCDP permission, for registration with the permissions registry. @public */
export const ocdpPermissions = [
  ocdpTenantReadPermission,
  ocdpTenantCreatePermission,
  ocdpTenantUpdatePermission,
  ocdpTenantDeletePermission,
  ocdpQuotaUpdatePermission,
  ocdpInstanceCreatePermission,
  ocdpInstanceUpdatePermission,
  ocdpInstanceDeletePermission,
  ocdpClusterReadPermission,
  ocdpClusterListPermission,
];

/** Name of the conditional rule that matches tenants the user belongs to. @public */
export const IS_TENANT_MEMBER_RULE = 'IS_TENANT_MEMBER';
