import {
  AppsV1Api,
  CoreV1Api,
  V1Deployment,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  PodSecurityModes,
  podSecurityModesOf,
  PrecheckLimitRange,
  PrecheckQuota,
} from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService, withTimeout } from '@ocdp/plugin-ocdp-node';

/** What the pre-flight reads live from a tenant namespace. */
export interface NamespaceState {
  quotas: PrecheckQuota[];
  limitRanges: PrecheckLimitRange[];
  /** Pod Security Admission levels from the namespace's labels. */
  podSecurity: PodSecurityModes;
  /** The release's Deployments and StatefulSets (Helm's `app.kubernetes.io/instance` label). */
  workloads: Array<V1Deployment | V1StatefulSet>;
}

const strings = (list?: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(list ?? {}).map(([k, v]) => [k, String(v)]),
  );

/** Live reads of a namespace: its quotas, LimitRanges and a release's workloads. */
export class NamespaceReader {
  constructor(
    private readonly clusters: OcdpClustersService,
    private readonly timeoutMs: number,
  ) {}

  async read(
    cluster: string,
    namespace: string,
    release?: string,
  ): Promise<NamespaceState> {
    const core = this.clusters.api(cluster, CoreV1Api);
    const apps = this.clusters.api(cluster, AppsV1Api);
    const labelSelector = release
      ? `app.kubernetes.io/instance=${release}`
      : undefined;
    const call = <T>(what: string, promise: Promise<T>) =>
      withTimeout(promise, this.timeoutMs, `cluster "${cluster}" (${what})`);
    const [ns, quotas, limitRanges, deployments, statefulSets] =
      await Promise.all([
        call('read Namespace', core.readNamespace({ name: namespace })),
        call(
          'list ResourceQuotas',
          core.listNamespacedResourceQuota({ namespace }),
        ),
        call('list LimitRanges', core.listNamespacedLimitRange({ namespace })),
        labelSelector
          ? call(
              'list Deployments',
              apps.listNamespacedDeployment({ namespace, labelSelector }),
            )
          : undefined,
        labelSelector
          ? call(
              'list StatefulSets',
              apps.listNamespacedStatefulSet({ namespace, labelSelector }),
            )
          : undefined,
      ]);
    return {
      podSecurity: podSecurityModesOf(ns.metadata?.labels),
      quotas: quotas.items.map(q => ({
        name: q.metadata?.name ?? '',
        hard: strings(q.status?.hard ?? q.spec?.hard),
        used: strings(q.status?.used),
        ...(q.spec?.scopes?.length ? { scopes: q.spec.scopes } : {}),
        ...(q.spec?.scopeSelector?.matchExpressions?.length
          ? {
              scopeSelector: {
                matchExpressions: q.spec.scopeSelector.matchExpressions.map(
                  e => ({
                    scopeName: e.scopeName,
                    operator: e.operator,
                    ...(e.values ? { values: e.values } : {}),
                  }),
                ),
              },
            }
          : {}),
        source: 'live' as const,
      })),
      limitRanges: limitRanges.items.map(lr => ({
        name: lr.metadata?.name ?? '',
        limits: (lr.spec?.limits ?? []).map(item => ({
          type: item.type,
          ...(item._default ? { default: strings(item._default) } : {}),
          ...(item.defaultRequest
            ? { defaultRequest: strings(item.defaultRequest) }
            : {}),
          ...(item.min ? { min: strings(item.min) } : {}),
          ...(item.max ? { max: strings(item.max) } : {}),
        })),
      })),
      workloads: [
        ...(deployments?.items ?? []).map(d => ({
          ...d,
          apiVersion: 'apps/v1',
          kind: 'Deployment',
        })),
        ...(statefulSets?.items ?? []).map(s => ({
          ...s,
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
        })),
      ],
    };
  }
}
