import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ApiConstructor,
  ApiType,
  KubeConfig,
  VersionApi,
} from '@kubernetes/client-node';
import { OcdpClusterConfig, readOcdpClusters } from './clusterConfig';
import { buildKubeConfig } from './kubeConfig';
import { PooledKubeConfig } from './pooledKubeConfig';
import { describeKubeError, withTimeout } from './kubeCalls';

/** Result of probing a cluster's API server. @public */
export interface OcdpClusterProbe {
  reachable: boolean;
  error?: string;
}

/** Access to the configured clusters for OCDP backend plugins and modules. @public */
export interface OcdpClustersService {
  list(): OcdpClusterConfig[];
  /** Throws NotFoundError for an unknown cluster name. */
  get(name: string): OcdpClusterConfig;
  /** The cluster's one KubeConfig; its requests share the cluster's connection pool. */
  kubeConfig(name: string): KubeConfig;
  /** The cluster's API client of this class (CoreV1Api, KubernetesObjectApi...), made once. */
  api<T extends ApiType>(name: string, apiClass: ApiConstructor<T>): T;
  probe(
    name: string,
    options?: { timeoutMs?: number },
  ): Promise<OcdpClusterProbe>;
}

/** @public */
export class DefaultOcdpClustersService implements OcdpClustersService {
  private readonly kubeConfigs = new Map<string, PooledKubeConfig>();
  private readonly apis = new Map<
    string,
    Map<ApiConstructor<ApiType>, ApiType>
  >();

  constructor(private readonly clusters: OcdpClusterConfig[]) {}

  list() {
    return this.clusters;
  }

  get(name: string) {
    const cluster = this.clusters.find(c => c.name === name);
    if (!cluster)
      throw new NotFoundError(`cluster "${name}" is not configured`);
    return cluster;
  }

  kubeConfig(name: string) {
    let kc = this.kubeConfigs.get(name);
    if (!kc) {
      kc = buildKubeConfig(this.get(name));
      this.kubeConfigs.set(name, kc);
    }
    return kc;
  }

  api<T extends ApiType>(name: string, apiClass: ApiConstructor<T>): T {
    let byClass = this.apis.get(name);
    if (!byClass) {
      byClass = new Map();
      this.apis.set(name, byClass);
    }
    let api = byClass.get(apiClass);
    if (!api) {
      api = this.kubeConfig(name).makeApiClient(apiClass);
      byClass.set(apiClass, api);
    }
    return api as T;
  }

  /** Closes every cluster's pooled connections. */
  async close(): Promise<void> {
    await Promise.all([...this.kubeConfigs.values()].map(kc => kc.close()));
  }

  async probe(name: string, options?: { timeoutMs?: number }) {
    const api = this.api(name, VersionApi);
    try {
      await withTimeout(
        api.getCode(),
        options?.timeoutMs ?? 3000,
        'API server',
      );
      return { reachable: true };
    } catch (error) {
      return { reachable: false, error: describeKubeError(error) };
    }
  }
}

/**
 * One instance per backend process, shared by every plugin and module that uses it, so each
 * cluster has one KubeConfig, one set of API clients and one connection pool.
 *
 * @public
 */
export const ocdpClustersServiceRef = createServiceRef<OcdpClustersService>({
  id: 'ocdp.clusters',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        lifecycle: coreServices.rootLifecycle,
      },
      createRootContext({ config, lifecycle }) {
        const clusters = new DefaultOcdpClustersService(
          readOcdpClusters(config),
        );
        lifecycle.addShutdownHook(() => clusters.close());
        return clusters;
      },
      factory: (_deps, clusters) => clusters,
    }),
});
