import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  NetworkingV1Api,
  PatchStrategy,
  V1Service,
} from '@kubernetes/client-node';
import {
  HelmReleaseManifest,
  OcdpInstanceCondition,
  OcdpInstanceLiveState,
} from '@ocdp/plugin-ocdp-common';
import {
  OcdpClustersService,
  describeKubeError,
  kubeStatusOf,
  withTimeout,
} from '@ocdp/plugin-ocdp-node';

const GROUP = 'helm.toolkit.fluxcd.io';
const VERSION = 'v2';
const PLURAL = 'helmreleases';
const FIELD_MANAGER = 'ocdp';
const RELEASE_LABEL = 'app.kubernetes.io/instance';

/** A HelmRelease as read back: its labels, generation and status conditions. */
export interface LiveHelmRelease {
  labels: Record<string, string>;
  generation: number;
  conditions: Array<OcdpInstanceCondition & { observedGeneration?: number }>;
}

function endpointOf(
  services: V1Service[],
  ingressHosts: string[],
): string | undefined {
  if (ingressHosts.length) return `http://${ingressHosts[0]}`;
  const service = services[0];
  if (!service?.spec) return undefined;
  const port = service.spec.ports?.[0];
  switch (service.spec.type) {
    case 'LoadBalancer': {
      const ingress = service.status?.loadBalancer?.ingress?.[0];
      const host = ingress?.ip ?? ingress?.hostname;
      return host ? `http://${host}:${port?.port ?? 80}` : undefined;
    }
    case 'NodePort':
      return port?.nodePort ? `node port ${port.nodePort}` : undefined;
    default:
      return `http://${service.metadata?.name}.${
        service.metadata?.namespace
      }.svc:${port?.port ?? 80}`;
  }
}

/** Flux HelmReleases of instances on the clusters, and what they run. */
export class HelmReleaseClient {
  constructor(
    private readonly clusters: OcdpClustersService,
    private readonly timeoutMs: number,
  ) {}

  private call<T>(cluster: string, what: string, promise: Promise<T>) {
    return withTimeout(
      promise,
      this.timeoutMs,
      `cluster "${cluster}" (${what})`,
    );
  }

  /** Server-side apply with field manager `ocdp`. */
  async apply(cluster: string, manifest: HelmReleaseManifest): Promise<void> {
    const api = this.clusters.api(cluster, KubernetesObjectApi);
    await this.call(
      cluster,
      `apply HelmRelease ${manifest.metadata.name}`,
      api.patch(
        manifest,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      ),
    );
  }

  /** The HelmRelease, or undefined when there is none. */
  async read(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<LiveHelmRelease | undefined> {
    const api = this.clusters.api(cluster, CustomObjectsApi);
    try {
      const hr = (await this.call(
        cluster,
        `read HelmRelease ${name}`,
        api.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace,
          plural: PLURAL,
          name,
        }),
      )) as any;
      return {
        labels: hr?.metadata?.labels ?? {},
        generation: Number(hr?.metadata?.generation ?? 1),
        conditions: (hr?.status?.conditions ?? []).map((c: any) => ({
          type: String(c.type),
          status: String(c.status),
          ...(c.reason ? { reason: String(c.reason) } : {}),
          ...(c.message ? { message: String(c.message) } : {}),
          ...(c.observedGeneration !== undefined
            ? { observedGeneration: Number(c.observedGeneration) }
            : {}),
        })),
      };
    } catch (error) {
      if (kubeStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Deletes the HelmRelease (Flux uninstalls the release); one already gone is fine. */
  async delete(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<void> {
    const api = this.clusters.api(cluster, CustomObjectsApi);
    try {
      await this.call(
        cluster,
        `delete HelmRelease ${name}`,
        api.deleteNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace,
          plural: PLURAL,
          name,
        }),
      );
    } catch (error) {
      if (kubeStatusOf(error) !== 404) throw error;
    }
  }

  /** The release's HelmRelease conditions, replicas, pods and endpoint; never throws. */
  async liveState(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<OcdpInstanceLiveState> {
    const labelSelector = `${RELEASE_LABEL}=${name}`;
    try {
      const [release, deployments, pods, services, ingresses] =
        await Promise.all([
          this.read(cluster, namespace, name),
          this.call(
            cluster,
            'list Deployments',
            this.clusters
              .api(cluster, AppsV1Api)
              .listNamespacedDeployment({ namespace, labelSelector }),
          ),
          this.call(
            cluster,
            'list Pods',
            this.clusters
              .api(cluster, CoreV1Api)
              .listNamespacedPod({ namespace, labelSelector }),
          ),
          this.call(
            cluster,
            'list Services',
            this.clusters
              .api(cluster, CoreV1Api)
              .listNamespacedService({ namespace, labelSelector }),
          ),
          this.call(
            cluster,
            'list Ingresses',
            this.clusters
              .api(cluster, NetworkingV1Api)
              .listNamespacedIngress({ namespace, labelSelector }),
          ),
        ]);
      const endpoint = endpointOf(
        services.items,
        ingresses.items.flatMap(i =>
          (i.spec?.rules ?? []).flatMap(r => (r.host ? [r.host] : [])),
        ),
      );
      return {
        reachable: true,
        conditions: (release?.conditions ?? []).map(
          ({ observedGeneration: _, ...c }) => c,
        ),
        desiredReplicas: deployments.items.reduce(
          (sum, d) => sum + (d.spec?.replicas ?? 1),
          0,
        ),
        readyReplicas: deployments.items.reduce(
          (sum, d) => sum + (d.status?.readyReplicas ?? 0),
          0,
        ),
        pods: pods.items.map(p => ({
          name: p.metadata?.name ?? '',
          phase: p.status?.phase ?? 'Unknown',
          ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}),
        })),
        ...(endpoint ? { endpoint } : {}),
      };
    } catch (error) {
      return {
        reachable: false,
        error: describeKubeError(error),
        conditions: [],
        pods: [],
      };
    }
  }
}
