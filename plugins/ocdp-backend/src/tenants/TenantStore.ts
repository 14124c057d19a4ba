import {
  NewTenant,
  QuotaSpec,
  Tenant,
  TenantBinding,
  TenantListFilter,
} from './types';

/** A binding of a tenant not being deleted, with its tenant's name and owner. */
export type ActiveBinding = TenantBinding & { tenant: string; owner: string };

/** A page of `TenantStore.page`: tenants by name. */
export interface TenantPageQuery extends TenantListFilter {
  limit: number;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
  /** Part of the name or owner ref, case-insensitive. */
  q?: string;
  /** Exact owner entity ref. */
  owner?: string;
  /** Only tenants bound to this cluster. */
  cluster?: string;
}

export interface TenantPage {
  items: Tenant[];
  totalCount: number;
  nextCursor?: string;
}

/** Tenants and their cluster bindings: the source of truth for quotas. */
export interface TenantStore {
  /** 409 when the name or a cluster's namespace is taken. */
  create(tenant: NewTenant): Promise<Tenant>;
  /** A tenant, unless it does not exist or is being deleted. */
  get(name: string): Promise<Tenant | undefined>;
  /** Every tenant not being deleted, by name. */
  list(filter?: TenantListFilter): Promise<Tenant[]>;
  page(query: TenantPageQuery): Promise<TenantPage>;
  /** 404 without such binding; 409 when `expectedVersion` is stale. Marks the binding pending. */
  updateQuota(
    tenant: string,
    cluster: string,
    quota: QuotaSpec,
    expectedVersion?: number,
  ): Promise<TenantBinding>;
  /** Records a sync outcome unless the binding changed since `version`; true when recorded. */
  recordSync(
    tenant: string,
    cluster: string,
    version: number,
    outcome: { ok: true } | { ok: false; error: string },
  ): Promise<boolean>;
  activeBindings(options?: {
    onlyUnsynced?: boolean;
    tenant?: string;
    cluster?: string;
  }): Promise<ActiveBinding[]>;
  /** 409 when the binding exists or its namespace belongs to another tenant. */
  addBinding(
    tenant: string,
    binding: { cluster: string; namespace: string; quota: QuotaSpec },
  ): Promise<TenantBinding>;
  countInstances(tenant: string): Promise<number>;
  /** Hides the tenant from reads; 409 while it owns instances; false when unknown. */
  markDeleting(name: string): Promise<boolean>;
  tenantsBeingDeleted(): Promise<Tenant[]>;
  removeBinding(tenant: string, cluster: string): Promise<void>;
  recordCleanupError(
    tenant: string,
    cluster: string,
    error: string,
  ): Promise<void>;
  /** Deletes a tenant being deleted once no binding is left; true when it is gone. */
  finishDeletion(name: string): Promise<boolean>;
}
