export interface Config {
  ocdp?: {
    /** Groups whose members may do everything in OCDP (example permission policy). */
    adminGroups?: string[];
    /** Namespaces OCDP never creates, changes or deletes, besides `default` and `kube-*`. Exact names, or a prefix ending in `*`. */
    protectedNamespaces?: string[];
    quota?: {
      /**
       * The GPU ResourceQuota keys: blank ones are an explicit 0 for ordinary tenants, and setting
       * one zeroes the others. Default: requests.nvidia.com/gpu, requests.nvidia.com/gpumem.
       * @visibility frontend
       */
      gpuResourceKeys?: string[];
      /**
       * Quota keys Kubernetes does not enforce but a scheduler on your clusters does, accepted
       * instead of refused (e.g. `limits.nvidia.com/gpumem` with HAMi). Values stay whole numbers.
       * @visibility frontend
       */
      externallyEnforcedKeys?: string[];
      /** Quota of new bindings for keys a request leaves out: ResourceQuota key → quantity. */
      defaults?: { [key: string]: string };
    };
    tenants?: {
      /** Namespace prefix of personal tenants (default `ocdp-u-`). */
      personalNamespacePrefix?: string;
      /** Name prefix of personal tenants (default `u-`). */
      personalTenantPrefix?: string;
      /** Create a user's personal tenant the first time they list their tenants (default true). */
      personalTenants?: boolean;
      /** Clusters a new personal tenant gets a binding on (default: every configured cluster). */
      personalTenantClusters?: string[];
      /** ClusterRole bound to a tenant's members in its namespace (default `edit`). */
      memberClusterRole?: string;
      /** Default container requests set by the tenant LimitRange when CPU/memory quota is set. */
      limitRangeDefaultRequest?: { cpu?: string; memory?: string };
      /** Tenants created at startup when missing, in the shape of a `POST /tenants` body. */
      initial?: Array<{
        name: string;
        owner: string;
        bindings: Array<{
          cluster: string;
          namespace?: string;
          quota?: { [key: string]: string };
        }>;
      }>;
      /** Seconds between reconcile passes (default 30). */
      reconcileIntervalSeconds?: number;
      /** Milliseconds one cluster call may take (default 5000). */
      clusterTimeoutMs?: number;
    };
    /**
     * Chart profiles besides the built-in model-server, vllm-production-stack and generic: where
     * a chart keeps replicas, resources, GPUs, storage, exposure (see the README).
     */
    chartProfiles?: { [name: string]: unknown };
    precheck?: {
      /** How long a pre-flight waits for a cluster's nodes and pods to load (ms, default 5000). */
      cacheWaitMs?: number;
    };
  };
}
