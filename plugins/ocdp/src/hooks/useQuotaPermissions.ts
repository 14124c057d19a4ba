import { usePermission } from '@backstage/plugin-permission-react';
import {
  ocdpQuotaUpdatePermission,
  ocdpTenantCreatePermission,
  ocdpTenantDeletePermission,
} from '@ocdp/plugin-ocdp-common';

/** What the signed-in user may do on the Quotas page. */
export interface QuotaPermissions {
  loading: boolean;
  /** May create tenants, and so sees and manages every tenant. */
  isAdmin: boolean;
  canEditQuota: boolean;
  canDelete: boolean;
}

interface Decision {
  loading: boolean;
  allowed: boolean;
}

/** Only admins (tenant creators) get edit and delete, whatever else they may do. */
export function quotaPermissionsFrom(decisions: {
  create: Decision;
  update: Decision;
  remove: Decision;
}): QuotaPermissions {
  const { create, update, remove } = decisions;
  return {
    loading: create.loading || update.loading || remove.loading,
    isAdmin: create.allowed,
    canEditQuota: create.allowed && update.allowed,
    canDelete: create.allowed && remove.allowed,
  };
}

/** Quotas page permissions; only admins (tenant creators) get edit and delete. */
export function useQuotaPermissions(): QuotaPermissions {
  return quotaPermissionsFrom({
    create: usePermission({ permission: ocdpTenantCreatePermission }),
    update: usePermission({ permission: ocdpQuotaUpdatePermission }),
    remove: usePermission({ permission: ocdpTenantDeletePermission }),
  });
}
