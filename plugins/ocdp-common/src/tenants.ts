import { QuotaDriftEntry } from './quota/drift';
import { QuotaSpec } from './quota/types';

/**
 * Where a binding stands against its cluster: `synced` (the cluster has the stored spec),
 * `pending` (stored, not applied yet) or `error` (the last apply failed; see `lastError`).
 *
 * @public
 */
export type OcdpSyncStatus = 'synced' | 'pending' | 'error';

/** A tenant's namespace and quota on one cluster. @public */
export interface OcdpTenantBinding {
  cluster: string;
  namespace: string;
  /** The stored quota: ResourceQuota key → canonical quantity. Absent keys are unlimited. */
  quota: QuotaSpec;
  syncStatus: OcdpSyncStatus;
  lastError?: string;
  lastSyncedAt?: string;
  /** Optimistic concurrency version; send it back as `If-Match` when changing the quota. */
  version: number;
}

/** A user or team with a namespace and quota per cluster. @public */
export interface OcdpTenant {
  /** DNS-1123 label. */
  name: string;
  /** Catalog entity ref of the owner (`user:default/ben`, `group:default/team-vision`). */
  owner: string;
  /** Whether this is a user's personal tenant, created on first use. */
  personal: boolean;
  createdBy: string;
  createdAt: string;
  bindings: OcdpTenantBinding[];
}

/** `GET /api/ocdp/tenants`. @public */
export interface OcdpTenantList {
  items: OcdpTenant[];
  /** How many tenants match the query's filters, over all pages. */
  totalCount: number;
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * `GET /tenants` query: without `limit` every matching tenant comes back in one list. Tenants are
 * ordered by name. `q` matches part of the name or owner ref (case-insensitive), `owner` is an
 * exact owner entity ref, `cluster` keeps tenants bound to that cluster.
 *
 * @public
 */
export interface OcdpTenantListQuery {
  limit?: number;
  cursor?: string;
  q?: string;
  owner?: string;
  cluster?: string;
}

/**
 * A quota as sent to the API: ResourceQuota key → Kubernetes quantity (`"8"`, `"500m"`, `"32Gi"`,
 * or a number). Blank (`null`, `""`) CPU / memory keys are unlimited; blank GPU keys are `0`.
 *
 * @public
 */
export type OcdpQuotaInput = Record<string, string | number | null>;

/** `POST /api/ocdp/tenants`. @public */
export interface OcdpCreateTenantRequest {
  name: string;
  owner: string;
  bindings: Array<{
    cluster: string;
    /** Defaults to the tenant name (personal tenants: the user's namespace). */
    namespace?: string;
    quota?: OcdpQuotaInput;
  }>;
}

/** `PUT /api/ocdp/tenants/:tenant/bindings/:cluster`, with `If-Match: <version>`. @public */
export interface OcdpUpdateQuotaRequest {
  quota: OcdpQuotaInput;
  /** Only when the binding does not exist yet: its namespace (default: the tenant name). */
  namespace?: string;
}

/** One cluster of `GET /api/ocdp/tenants/:tenant/usage`. @public */
export interface OcdpBindingUsage {
  cluster: string;
  namespace: string;
  /** The stored quota. */
  spec: QuotaSpec;
  /** The ResourceQuota's `status.hard` / `status.used`, read now; `null` when it cannot be read. */
  live: { hard: Record<string, string>; used: Record<string, string> } | null;
  /** Keys where the stored spec and the live `hard` differ; empty when `live` is `null`. */
  drift: QuotaDriftEntry[];
  syncStatus: OcdpSyncStatus;
  lastError?: string;
  version: number;
  /** Why `live` is `null` (cluster unreachable, quota not created yet). */
  liveError?: string;
}

/** `GET /api/ocdp/tenants/:tenant/usage`. @public */
export interface OcdpTenantUsage {
  tenant: string;
  bindings: OcdpBindingUsage[];
}
