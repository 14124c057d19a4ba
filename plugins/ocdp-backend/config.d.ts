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
      /** Pod Security Admission levels of tenant namespaces (default enforce baseline, warn restricted). */
      podSecurity?: {
        enforce?: 'privileged' | 'baseline' | 'restricted';
        warn?: 'privileged' | 'baseline' | 'restricted';
        audit?: 'privileged' | 'baseline' | 'restricted';
      };
      /** Lifetime of the token in a downloaded tenant kubeconfig, in seconds (default 3600, at least 600). */
      kubeconfigTtlSeconds?: number;
    };
    /**
     * Charts model instances are deployed from, by name (the first is the default). Flux pulls each
     * from its `source`; OCDP reads its values.yaml and values.schema.json from `directory`.
     */
    charts?: {
      [name: string]: {
        /** The chart's name in its repository (default: the key). */
        chart?: string;
        version?: string;
        /** Chart profile (default: the key). */
        profile?: string;
        /** The Flux source: a HelmRepository (chart by name) or an OCIRepository (the chart itself). */
        source: {
          kind: 'HelmRepository' | 'OCIRepository';
          name: string;
          namespace?: string;
        };
        /** A directory holding the chart (Chart.yaml, values.yaml, values.schema.json). */
        directory?: string;
        /** Value paths tenants may not set (e.g. securityContext, extraVolumes). */
        deniedValuePaths?: string[];
      };
    };
    // `ocdp.environments` (each cluster's values overlay) is declared by the scaffolder module.
    /**
     * Chart profiles besides the built-in model-server, vllm-production-stack and generic: where
     * a chart keeps replicas, resources, GPUs, storage, exposure (see the README).
     */
    chartProfiles?: { [name: string]: unknown };
    precheck?: {
      /** How long a pre-flight waits for a cluster's nodes and pods to load (ms, default 5000). */
      cacheWaitMs?: number;
    };
    /**
     * Prometheus with DCGM exporter series (DCGM_FI_DEV_GPU_UTIL, …) for GPU utilization. Without
     * it, GPU monitoring shows allocation only and says so.
     */
    prometheus?: {
      /** Base URL of the Prometheus HTTP API, e.g. http://prometheus:9090. */
      url?: string;
      /**
       * Headers sent with every query (e.g. Authorization).
       * @visibility secret
       */
      headers?: { [name: string]: string };
      /**
       * Per cluster (by name): another Prometheus URL, and/or PromQL label matchers that pick
       * the cluster's series when one Prometheus sees several clusters, e.g. `cluster="demo"`.
       */
      clusters?: { [cluster: string]: { url?: string; selector?: string } };
      /** An allocated GPU whose average utilization over `idleWindow` is below this is idle (percent, default 5). */
      idleThresholdPercent?: number;
      /** PromQL duration of the idle test and averages (default `10m`). */
      idleWindow?: string;
      /** Seconds a Prometheus answer is reused through the cache service (default 15). */
      cacheSeconds?: number;
      /** Milliseconds a query may take (default 5000). */
      timeoutMs?: number;
    };
    monitoring?: {
      /** GPU numbers count as stale after this many seconds without a word from the API server (default 120). */
      staleAfterSeconds?: number;
    };
  };
}
