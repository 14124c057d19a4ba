import { PodFootprint } from '@ocdp/plugin-ocdp-common';

/** A node as the cluster cache keeps it: what placement and GPU views need. */
export interface CachedNode {
  name: string;
  labels: Record<string, string>;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  unschedulable: boolean;
  ready: boolean;
}

/**
 * A pod stripped to what quota, placement and GPU attribution read: its effective requests and
 * limits (init containers, sidecars and overhead folded in, as the scheduler computes them) and
 * where it may run.
 */
export interface CachedPod extends PodFootprint {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  owner?: { kind: string; name: string };
  nodeName?: string;
  phase: string;
  priorityClassName?: string;
  /** Why the scheduler has not placed it (PodScheduled=False), for pending pods. */
  unschedulableMessage?: string;
  terminating: boolean;
}

/** How fresh a cluster's cache is. */
export interface ClusterCacheHealth {
  cluster: string;
  /** The first full LIST has been loaded. */
  synced: boolean;
  /** A watch is open and receiving. */
  watching: boolean;
  lastSyncAt?: string;
  /** Last event or bookmark from the API server. */
  lastEventAt?: string;
  /** Seconds since the cache last heard from the API server; undefined before the first sync. */
  staleSeconds?: number;
  lastError?: string;
  /** Full re-LISTs after the first (410 Gone, restarts). */
  relists: number;
  nodes: number;
  pods: number;
}
