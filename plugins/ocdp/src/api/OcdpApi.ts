import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ClusterGpuReport,
  ClusterGpuUtilization,
  EntityGpuUsage,
  OcdpCluster,
  OcdpCreateTenantRequest,
  OcdpInstance,
  OcdpInstanceDetails,
  OcdpInstanceListQuery,
  OcdpPrecheckReport,
  OcdpPrecheckRequest,
  OcdpTenant,
  OcdpTenantBinding,
  OcdpTenantList,
  OcdpTenantListQuery,
  OcdpTenantUsage,
  OcdpUpdateQuotaRequest,
  Values,
} from '@ocdp/plugin-ocdp-common';

/** Client of the OCDP backend (`/api/ocdp`). @public */
export interface OcdpApi {
  listClusters(): Promise<OcdpCluster[]>;
  /** The tenants the signed-in user may read. */
  listTenants(): Promise<OcdpTenant[]>;
  /**
   * One page of the tenants the signed-in user may read, ordered by name, with how many match
   * in all. Without `limit` the page holds every matching tenant; pass `nextCursor` back as
   * `cursor` for the next page.
   */
  listTenantsPage(query: OcdpTenantListQuery): Promise<OcdpTenantList>;
  getTenant(tenant: string): Promise<OcdpTenant>;
  createTenant(request: OcdpCreateTenantRequest): Promise<OcdpTenant>;
  /**
   * Sets the quota of a tenant's binding to a cluster, creating the binding when it does not
   * exist. Pass the binding's `version` to change an existing binding: a stale version fails
   * with HTTP 409.
   */
  updateQuota(
    tenant: string,
    cluster: string,
    request: OcdpUpdateQuotaRequest,
    version?: number,
  ): Promise<OcdpTenantBinding>;
  deleteTenant(tenant: string): Promise<void>;
  getTenantUsage(tenant: string): Promise<OcdpTenantUsage>;
  /**
   * A kubeconfig for the tenant's namespace on a cluster, with a short-lived token of the
   * tenant's ServiceAccount (members only; never stored by OCDP).
   */
  downloadKubeconfig(
    tenant: string,
    cluster: string,
  ): Promise<{ kubeconfig: string; expiresAt?: string }>;
  /**
   * GPU allocation of a cluster: every node and tenant with `ocdp.cluster.read`, otherwise the
   * caller's tenants' rows only (scope `tenants`).
   */
  getClusterGpu(cluster: string): Promise<ClusterGpuReport>;
  /** GPU utilization series of a cluster over a range (`15m`, `1h`, `1d`, …), for charts. */
  getClusterGpuUtilization(
    cluster: string,
    query: GpuUtilizationQuery,
  ): Promise<ClusterGpuUtilization>;
  /** GPU use of a catalog entity's pods on every cluster. */
  getEntityGpu(entity: CompoundEntityRef): Promise<EntityGpuUsage>;

  // Model instances. A change the pre-flight refuses rejects with `OcdpRefusalError` (its
  // `report` says why); a stale `version` rejects with a 409 `ResponseError`.
  /** The model instances the caller may see (admins: all). */
  listInstances(query?: OcdpInstanceListQuery): Promise<OcdpInstance[]>;
  /** One instance with its live state and last pre-flight report. */
  getInstance(id: string): Promise<OcdpInstanceDetails>;
  scaleInstance(
    id: string,
    replicas: number,
    version?: number,
  ): Promise<OcdpInstance>;
  /** Merges `values` (only the changed keys; `null` removes a key) onto the current values. */
  changeInstanceValues(
    id: string,
    values: Values,
    version?: number,
  ): Promise<OcdpInstance>;
  deleteInstance(id: string): Promise<void>;
  /** Whether a change would fit, without making it. */
  precheck(request: OcdpPrecheckRequest): Promise<OcdpPrecheckReport>;
}

/** What a chart of GPU utilization asks for. @public */
export interface GpuUtilizationQuery {
  /** How far back: `15m`, `1h`, `6h`, `1d`, `7d`. */
  range: string;
  groupBy?: 'all' | 'tenant' | 'node';
}

/** @public */
export const ocdpApiRef = createApiRef<OcdpApi>({
  id: 'plugin.ocdp.api',
});
