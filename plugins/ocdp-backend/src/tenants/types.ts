import { QuotaSpec } from '@ocdp/plugin-ocdp-common';

export type { QuotaSpec };

export type SyncStatus = 'synced' | 'pending' | 'error';

export interface TenantBinding {
  cluster: string;
  namespace: string;
  quota: QuotaSpec;
  syncStatus: SyncStatus;
  lastError?: string;
  lastSyncedAt?: string;
  version: number;
}

export interface Tenant {
  name: string;
  ownerRef: string;
  personal: boolean;
  createdBy: string;
  createdAt: string;
  bindings: TenantBinding[];
}

export interface NewTenant {
  name: string;
  ownerRef: string;
  personal?: boolean;
  createdBy: string;
  bindings: Array<{ cluster: string; namespace: string; quota: QuotaSpec }>;
}

/** Keeps tenants owned by one of these entity refs (case-insensitive). */
export interface TenantListFilter {
  ownerIn?: string[];
}
