import { LoggerService } from '@backstage/backend-plugin-api';
import { CoreV1Api, V1Node, V1Pod } from '@kubernetes/client-node';
import { ResourceQuantities } from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { ClusterState, ClusterStateListener } from './ClusterState';
import { KindWatch, KindWatchOptions } from './KindWatch';
import { stripNode, stripPod } from './strip';
import { CachedNode, CachedPod, ClusterCacheHealth } from './types';

/** Nodes and pods of every configured cluster, from one watch per kind and cluster. */
export interface ClusterStateCache {
  nodes(cluster: string): CachedNode[];
  podsInNamespace(cluster: string, namespace: string): CachedPod[];
  /** Every pod of the cluster, as held (no copy: do not change them). */
  pods(cluster: string): Iterable<CachedPod>;
  /** The effective requests of the unfinished pods bound to a node. */
  requestedOnNode(cluster: string, node: string): ResourceQuantities;
  /** Grows whenever a node or pod of the cluster changes. */
  generation(cluster: string): number;
  health(cluster: string): ClusterCacheHealth;
  /** Resolves once the cluster's first LIST is in; rejects with the last error after `timeoutMs`. */
  waitUntilSynced(cluster: string, timeoutMs: number): Promise<void>;
}

class ClusterWatch {
  readonly state: ClusterState;
  synced = { nodes: false, pods: false };
  lastSyncAt?: number;
  lastEventAt?: number;
  lastError?: string;
  readonly nodes: KindWatch<V1Node>;
  readonly pods: KindWatch<V1Pod>;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    clusters: OcdpClustersService,
    logger: LoggerService,
    options: KindWatchOptions,
    listener?: ClusterStateListener,
  ) {
    this.state = new ClusterState(listener);
    const kc = clusters.kubeConfig(name);
    const core = clusters.api(name, CoreV1Api);
    const heard = () => {
      this.lastEventAt = Date.now();
      this.lastError = undefined;
    };
    const failed = (error: string) => {
      if (error !== this.lastError) {
        logger.warn(`cluster cache ${name}: ${error}`);
      }
      this.lastError = error;
    };
    this.nodes = new KindWatch<V1Node>(
      kc,
      { kind: 'nodes', path: '/api/v1/nodes', list: o => core.listNode(o) },
      {
        reset: items => {
          this.state.resetNodes(items.map(stripNode));
          this.markSynced('nodes');
        },
        upsert: node => this.state.upsertNode(stripNode(node)),
        remove: node => this.state.removeNode(node.metadata?.name ?? ''),
        heard,
        failed,
      },
      options,
    );
    this.pods = new KindWatch<V1Pod>(
      kc,
      {
        kind: 'pods',
        path: '/api/v1/pods',
        list: o => core.listPodForAllNamespaces(o),
      },
      {
        reset: items => {
          this.state.resetPods(items.map(stripPod));
          this.markSynced('pods');
        },
        upsert: pod => this.state.upsertPod(stripPod(pod)),
        remove: pod =>
          this.state.removePod({
            namespace: pod.metadata?.namespace ?? '',
            name: pod.metadata?.name ?? '',
          }),
        heard,
        failed,
      },
      options,
    );
  }

  get isSynced() {
    return this.synced.nodes && this.synced.pods;
  }

  waitForSync(): Promise<void> {
    if (this.isSynced) return Promise.resolve();
    return new Promise(resolve => this.waiters.add(resolve));
  }

  private markSynced(kind: 'nodes' | 'pods') {
    this.synced[kind] = true;
    this.lastSyncAt = Date.now();
    if (this.isSynced) {
      for (const waiter of this.waiters) waiter();
      this.waiters.clear();
    }
  }
}

/**
 * Keeps a watch cache of nodes and pods per configured cluster (list once, then watch; re-list on
 * 410 Gone; restart with backoff). Each backend replica keeps its own; reads never LIST.
 */
export class DefaultClusterStateCache implements ClusterStateCache {
  private readonly watches = new Map<string, ClusterWatch>();

  constructor(
    private readonly options: {
      clusters: OcdpClustersService;
      logger: LoggerService;
      watch?: KindWatchOptions;
      /** A listener per cluster, told of every change (e.g. GPU aggregates). */
      listen?: (cluster: string) => ClusterStateListener;
    },
  ) {}

  start(): void {
    for (const { name } of this.options.clusters.list()) {
      if (this.watches.has(name)) continue;
      const watch = new ClusterWatch(
        name,
        this.options.clusters,
        this.options.logger,
        this.options.watch ?? {},
        this.options.listen?.(name),
      );
      this.watches.set(name, watch);
      watch.nodes.start();
      watch.pods.start();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.watches.values()].flatMap(w => [w.nodes.stop(), w.pods.stop()]),
    );
    this.watches.clear();
  }

  nodes(cluster: string): CachedNode[] {
    return [...this.watch(cluster).state.nodes.values()];
  }

  podsInNamespace(cluster: string, namespace: string): CachedPod[] {
    return this.watch(cluster).state.podsInNamespace(namespace);
  }

  pods(cluster: string): Iterable<CachedPod> {
    return this.watch(cluster).state.pods.values();
  }

  requestedOnNode(cluster: string, node: string): ResourceQuantities {
    return this.watch(cluster).state.requestedOn(node);
  }

  generation(cluster: string): number {
    return this.watch(cluster).state.generation;
  }

  health(cluster: string): ClusterCacheHealth {
    const watch = this.watch(cluster);
    const iso = (ms?: number) =>
      ms === undefined ? undefined : new Date(ms).toISOString();
    return {
      cluster,
      synced: watch.isSynced,
      watching: watch.nodes.watching && watch.pods.watching,
      ...(watch.lastSyncAt ? { lastSyncAt: iso(watch.lastSyncAt) } : {}),
      ...(watch.lastEventAt
        ? {
            lastEventAt: iso(watch.lastEventAt),
            staleSeconds: Math.max(
              0,
              Math.round((Date.now() - watch.lastEventAt) / 1000),
            ),
          }
        : {}),
      ...(watch.lastError ? { lastError: watch.lastError } : {}),
      relists:
        Math.max(0, watch.nodes.relists) + Math.max(0, watch.pods.relists),
      nodes: watch.state.nodes.size,
      pods: watch.state.pods.size,
    };
  }

  async waitUntilSynced(cluster: string, timeoutMs: number): Promise<void> {
    const watch = this.watch(cluster);
    if (watch.isSynced) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        watch.waitForSync(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `cluster "${cluster}" state is not loaded yet${
                    watch.lastError ? `: ${watch.lastError}` : ''
                  }`,
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private watch(cluster: string): ClusterWatch {
    this.options.clusters.get(cluster);
    const watch = this.watches.get(cluster);
    if (!watch) {
      throw new Error(`the cluster cache has not been started`);
    }
    return watch;
  }
}
