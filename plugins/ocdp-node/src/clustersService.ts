import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { OcdpClusterConfig, readOcdpClusters } from './clusterConfig';
import { buildKubeConfig } from './kubeConfig';

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

function describeProbeError(error: unknown): string {
  const e = error as {
    code?: string;
    message?: string;
    cause?: { code?: string };
  };
  const code = e?.code ?? e?.cause?.code;
  if (code) return `API server unreachable (${code})`;
  const message = String(e?.message ?? error);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
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
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('API server did not answer in time')),
        options?.timeoutMs ?? 3000,
      );
    });
    try {
      await Promise.race([api.getCode(), timeout]);
      return { reachable: true };
    } catch (error) {
      return { reachable: false, error: describeProbeError(error) };
    } finally {
      clearTimeout(timer);
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
