import type { ClusterGpuSummary } from './monitoring';

/** A cluster OCDP can manage, as listed by `GET /api/ocdp/clusters`. @public */
export interface OcdpCluster {
  /** Cluster name from the `kubernetes` config, used in every API path. */
  name: string;
  /** Human title: the config's `title`, or the name. */
  title: string;
  /** Whether the API server answered the last probe. */
  reachable: boolean;
  /** Why the last probe failed, when it did (never contains credentials). */
  error?: string;
  /** Catalog entity of the cluster (`resource:<ns>/<name>`), when one is configured. */
  entityRef?: string;
  /** How fresh the backend's watch cache of the cluster's nodes and pods is. */
  cache?: OcdpClusterCacheHealth;
  /** GPUs of the cluster, from the watch cache (absent when the cache is not running). */
  gpu?: ClusterGpuSummary;
}

/** @public */
export interface OcdpClusterCacheHealth {
  /** The first full LIST of nodes and pods is loaded. */
  synced: boolean;
  /** Watches are open. */
  watching: boolean;
  /** Seconds since the API server was last heard from. */
  staleSeconds?: number;
  lastError?: string;
  /** Full re-LISTs after the first (resource version expired, restarts). */
  relists: number;
  nodes: number;
  pods: number;
}

/** @public */
export interface OcdpClusterList {
  items: OcdpCluster[];
}
