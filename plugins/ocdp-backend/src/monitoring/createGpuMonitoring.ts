import {
  CacheService,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { ClusterStateCache } from '../clusters/cache/ClusterStateCache';
import { TenantStore } from '../tenants/TenantStore';
import { ClusterGpuAggregates } from './ClusterGpuAggregates';
import { DcgmReader } from './DcgmReader';
import { GpuMonitoringService } from './GpuMonitoringService';
import { PrometheusClient } from './PrometheusClient';
import { readMonitoringConfig } from './readMonitoringConfig';
import { databaseInstanceOwners, TenantDirectory } from './TenantDirectory';

/**
 * GPU monitoring's parts: `listen` gives the cluster cache one aggregate per cluster to keep up
 * to date; `service` answers from them once the cache exists.
 */
export function createGpuMonitoring(options: {
  config: Config;
  clusters: OcdpClustersService;
  cache: CacheService;
  database: DatabaseService;
  store: Pick<TenantStore, 'activeBindings'>;
  logger: LoggerService;
}) {
  const config = readMonitoringConfig(options.config);
  const aggregates = new Map<string, ClusterGpuAggregates>();
  const prometheus = new PrometheusClient({
    cache: options.cache,
    ttlMs: config.cacheTtlMs,
    timeoutMs: config.timeoutMs,
  });
  return {
    listen: (cluster: string) => {
      const gpu = new ClusterGpuAggregates();
      aggregates.set(cluster, gpu);
      return gpu;
    },
    service: (state: Pick<ClusterStateCache, 'health' | 'pods'>) =>
      new GpuMonitoringService({
        clusters: options.clusters,
        cache: state,
        aggregates: cluster => aggregates.get(cluster),
        directory: new TenantDirectory({
          store: options.store,
          instanceOwners: async cluster =>
            databaseInstanceOwners(await options.database.getClient())(cluster),
        }),
        dcgm: new DcgmReader(prometheus, config.idleWindow),
        config,
        logger: options.logger,
      }),
  };
}
