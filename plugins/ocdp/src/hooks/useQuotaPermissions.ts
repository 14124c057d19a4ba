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

/** Quotas page permissions; only admins (tenant creators) get edit and delete. */
export function useQuotaPermissions(): QuotaPermissions {
  const create = usePermission({ permission: ocdpTenantCreatePermission });
  const update = usePermission({ permission: ocdpQuotaUpdatePermission });
  const remove = usePermission({ permission: ocdpTenantDeletePermission });
  return {
    loading: create.loading || update.loading || remove.loading,
    isAdmin: create.allowed,
    canEditQuota: create.allowed && update.allowed,
    canDelete: create.allowed && remove.allowed,
  };
}
