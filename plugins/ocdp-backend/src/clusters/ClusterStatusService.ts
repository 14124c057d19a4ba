import { CacheService } from '@backstage/backend-plugin-api';
import { OcdpCluster } from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { ClusterStateCache } from './cache/ClusterStateCache';

const PROBE_TTL_MS = 10_000;

/**
 * Lists configured clusters with their reachability (probing each API server at most every 10 s)
 * and the health of their watch cache.
 */
export class ClusterStatusService {
  constructor(
    private readonly clusters: OcdpClustersService,
    private readonly cache: CacheService,
    private readonly state?: ClusterStateCache,
  ) {}

  async list(): Promise<OcdpCluster[]> {
    return Promise.all(
      this.clusters.list().map(async cluster => {
        const probe = await this.probe(cluster.name);
        return {
          name: cluster.name,
          title: cluster.title,
          entityRef: cluster.entityRef,
          reachable: probe.reachable,
          ...(probe.error ? { error: probe.error } : {}),
          ...(this.state ? { cache: this.cacheHealth(cluster.name) } : {}),
        };
      }),
    );
  }

  private cacheHealth(name: string) {
    const {
      cluster: _,
      lastSyncAt,
      lastEventAt,
      ...health
    } = this.state!.health(name);
    return health;
  }

  private async probe(name: string) {
    const key = `cluster-probe:${name}`;
    const cached = (await this.cache.get(key)) as
      | { reachable: boolean; error?: string }
      | undefined;
    if (cached) return cached;
    const probe = await this.clusters.probe(name);
    await this.cache.set(key, { ...probe }, { ttl: PROBE_TTL_MS });
    return probe;
  }
}
