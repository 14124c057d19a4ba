import type { QuotaEnforcementOptions } from './enforcement';

/**
 * A quota spec: the `hard` map of a ResourceQuota, ResourceQuota key → canonical Kubernetes
 * quantity string (`{ "requests.cpu": "8", "requests.memory": "32Gi" }`). Keys absent are
 * unlimited.
 *
 * @public
 */
export type QuotaSpec = Record<string, string>;

/**
 * How blank quota values are read.
 *
 * @public
 */
export interface QuotaSemanticsOptions {
  /**
   * The configured GPU keys (`ocdp.quota.gpuResourceKeys`), e.g. `requests.nvidia.com/gpu`,
   * `requests.nvidia.com/gpumem`, `requests.nvidia.com/mig-1g.10gb`.
   */
  gpuResourceKeys: readonly string[];
  /**
   * Whether the tenant is an ordinary one (the default), whose blank GPU keys mean an explicit
   * `0`. Platform / system tenants pass `false`: their blank GPU keys are omitted (unlimited).
   */
  ordinaryTenant?: boolean;
}

/**
 * Options of `normalizeQuotaSpec` and `formQuotaToSpec`.
 *
 * @public
 */
export interface NormalizeQuotaOptions
  extends QuotaSemanticsOptions,
    QuotaEnforcementOptions {
  /** The field errors are reported under; `quota` by default (`quota.requests.cpu: ...`). */
  field?: string;
}
