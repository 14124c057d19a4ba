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
}

/** @public */
export interface OcdpClusterList {
  items: OcdpCluster[];
}
