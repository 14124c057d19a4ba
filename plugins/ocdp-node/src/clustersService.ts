import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { OcdpClusterConfig, readOcdpClusters } from './clusterConfig';
import { buildKubeConfig } from './kubeConfig';
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
  kubeConfig(name: string): KubeConfig;
  probe(
    name: string,
    options?: { timeoutMs?: number },
  ): Promise<OcdpClusterProbe>;
}

/** @public */
export class DefaultOcdpClustersService implements OcdpClustersService {
  private readonly kubeConfigs = new Map<string, KubeConfig>();

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

  async probe(name: string, options?: { timeoutMs?: number }) {
    const api = this.kubeConfig(name).makeApiClient(VersionApi);
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

/** @public */
export const ocdpClustersServiceRef = createServiceRef<OcdpClustersService>({
  id: 'ocdp.clusters',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) =>
        new DefaultOcdpClustersService(readOcdpClusters(config)),
    }),
});
