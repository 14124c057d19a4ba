import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  SchedulingV1Api,
  V1Deployment,
} from '@kubernetes/client-node';
import { startKubeSim } from '@ocdp/kube-sim';
import {
  addQuantities,
  formatQuantity,
  OcdpPrecheckReport,
  OcdpTenant,
  parseQuantity,
} from '@ocdp/plugin-ocdp-common';
import { DefaultOcdpClustersService } from '@ocdp/plugin-ocdp-node';
import yaml from 'js-yaml';
import { DefaultClusterStateCache } from '../../../clusters/cache/ClusterStateCache';
import { NamespaceReader } from '../../NamespaceReader';
import { PrecheckService } from '../../PrecheckService';
import { PodTemplate, TruthCase } from './cases';

const silent: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silent,
};

const NS = 'ns';
const RELEASE = 'rel';
const MIG = 'nvidia.com/mig-1g.10gb';

/** What the pre-flight said and what the simulated cluster did. */
export interface TruthOutcome {
  /**
   * The case could not be set up as generated: the release before the change was refused or did
   * not fully run (a short reason, to count by; `skippedDetail` says more). The pre-flight has
   * not been asked then, so a skipped case cannot hide a disagreement.
   */
  skipped?: string;
  skippedDetail?: string;
  predicted?: { admitted: boolean; placed: boolean };
  observed?: { admitted: boolean; placed: boolean };
  agree?: boolean;
  report?: OcdpPrecheckReport;
  /** What admission said, for a disagreement's message. */
  refusals?: string[];
}

/** The release's Deployment; an upgrade changes the image as well, so it always rolls. */
function deployment(
  t: PodTemplate & { replicas: number },
  version = 1,
): V1Deployment {
  const limits: Record<string, string> = {};
  if (t.limitCpu) limits.cpu = t.limitCpu;
  if (t.gpus) limits['nvidia.com/gpu'] = String(t.gpus);
  if (t.mig) limits[MIG] = String(t.mig);
  const requests: Record<string, string> = {};
  if (t.cpu) requests.cpu = t.cpu;
  if (t.memory) requests.memory = t.memory;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: RELEASE,
      labels: { 'app.kubernetes.io/instance': RELEASE },
    },
    spec: {
      replicas: t.replicas,
      selector: { matchLabels: { app: RELEASE } },
      strategy:
        t.strategy.type === 'Recreate'
          ? { type: 'Recreate' }
          : {
              type: 'RollingUpdate',
              rollingUpdate: {
                maxSurge: t.strategy.maxSurge as any,
                maxUnavailable: t.strategy.maxUnavailable as any,
              },
            },
      template: {
        metadata: {
          labels: { app: RELEASE, 'app.kubernetes.io/instance': RELEASE },
        },
        spec: {
          ...(t.product
            ? { nodeSelector: { 'nvidia.com/gpu.product': t.product } }
            : {}),
          ...(t.tolerate
            ? {
                tolerations: [
                  {
                    key: 'dedicated',
                    operator: 'Exists',
                    effect: 'NoSchedule',
                  },
                ],
              }
            : {}),
          ...(t.priorityClass ? { priorityClassName: t.priorityClass } : {}),
          containers: [
            {
              name: 'server',
              image: `vllm/vllm-openai:v${version}`,
              resources: {
                ...(Object.keys(requests).length ? { requests } : {}),
                ...(Object.keys(limits).length ? { limits } : {}),
              },
            },
          ],
        },
      },
    },
  };
}

const tenant: OcdpTenant = {
  name: 'truth',
  owner: 'group:default/truth',
  personal: false,
  createdBy: 'test',
  createdAt: new Date(0).toISOString(),
  bindings: [
    {
      cluster: 'sim',
      namespace: NS,
      quota: {},
      syncStatus: 'synced',
      version: 1,
    },
  ],
};

/**
 * Sets the case up in a fresh simulator, asks the pre-flight, performs the change and observes
 * admission (FailedCreate events, a refused create) and scheduling (pods left Pending).
 */
export async function runTruthCase(c: TruthCase): Promise<TruthOutcome> {
  const sim = await startKubeSim({ port: 0, banner: false });
  const clusters = new DefaultOcdpClustersService([
    {
      name: 'sim',
      title: 'sim',
      url: sim.url,
      skipTLSVerify: true,
      serviceAccountToken: 'simulated',
      entityRef: 'resource:default/sim',
    },
  ]);
  const cache = new DefaultClusterStateCache({
    clusters,
    logger: silent,
  });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeConfig());
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  try {
    /**
     * The case's quotas. Relative ones (always for scale and upgrade) are created once the pods
     * already there (and the release before the change) run, their `hard` the generated room
     * left beside what they count by then.
     */
    const createQuotas = async () => {
      for (const q of c.quotas) {
        await core.createNamespacedResourceQuota({
          namespace: NS,
          body: {
            metadata: { name: q.name },
            spec: {
              hard: q.hard,
              ...(q.scope === 'PriorityClassHigh'
                ? {
                    scopeSelector: {
                      matchExpressions: [
                        {
                          scopeName: 'PriorityClass',
                          operator: 'In',
                          values: ['high'],
                        },
                      ],
                    },
                  }
                : {}),
              ...(q.scope && q.scope !== 'PriorityClassHigh'
                ? { scopes: [q.scope] }
                : {}),
            },
          },
        });
      }
      if (!c.relativeQuotas) return;
      for (const q of c.quotas) {
        const created = await core.readNamespacedResourceQuota({
          name: q.name,
          namespace: NS,
        });
        const used = created.status?.used ?? {};
        const hard = Object.fromEntries(
          Object.entries(q.hard).map(([key, room]) => [
            key,
            formatQuantity(
              addQuantities(
                parseQuantity(used[key] ?? '0'),
                parseQuantity(room),
              ),
            ),
          ]),
        );
        await core.replaceNamespacedResourceQuota({
          name: q.name,
          namespace: NS,
          body: { ...created, spec: { ...created.spec, hard } },
        });
      }
    };
    const type = (apiVersion: string, kind: string) =>
      sim.store.registry.byApiVersionKind(apiVersion, kind)!;
    for (const n of c.nodes) {
      const resources = {
        cpu: String(n.cpu),
        memory: '64Gi',
        pods: '110',
        'nvidia.com/gpu': String(n.gpus),
        [MIG]: String(n.mig),
      };
      sim.api.create(type('v1', 'Node'), undefined, {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: n.name,
          labels: { 'nvidia.com/gpu.product': n.product },
        },
        spec: {
          ...(n.cordoned ? { unschedulable: true } : {}),
          ...(n.taint
            ? {
                taints: [
                  { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
                ],
              }
            : {}),
        },
        status: {
          capacity: resources,
          allocatable: resources,
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      });
    }
    await kc.makeApiClient(SchedulingV1Api).createPriorityClass({
      body: { metadata: { name: 'high' }, value: 1000 },
    });
    await core.createNamespace({ body: { metadata: { name: NS } } });
    if (!c.relativeQuotas) await createQuotas();
    if (c.limitRange) {
      const lr = c.limitRange;
      await core.createNamespacedLimitRange({
        namespace: NS,
        body: {
          metadata: { name: 'limits' },
          spec: {
            limits: [
              {
                type: 'Container',
                ...(lr.defaultRequestCpu
                  ? { defaultRequest: { cpu: lr.defaultRequestCpu } }
                  : {}),
                ...(lr.defaultLimitMemory
                  ? { _default: { memory: lr.defaultLimitMemory } }
                  : {}),
                ...(lr.maxCpu ? { max: { cpu: lr.maxCpu } } : {}),
              },
            ],
          },
        },
      });
    }
    for (const [i, o] of c.others.entries()) {
      await core
        .createNamespacedPod({
          namespace: NS,
          body: {
            metadata: { name: `other-${i}` },
            spec: {
              containers: [
                {
                  name: 'main',
                  image: 'busybox',
                  resources: {
                    requests: { cpu: o.cpu, memory: '1Gi' },
                    limits: {
                      cpu: '4',
                      memory: '1Gi',
                      ...(o.gpus ? { 'nvidia.com/gpu': String(o.gpus) } : {}),
                    },
                  },
                },
              ],
              tolerations: [{ key: 'dedicated', operator: 'Exists' }],
            },
          },
        })
        .catch(() => undefined);
    }
    if (c.operation !== 'install') {
      try {
        await apps.createNamespacedDeployment({
          namespace: NS,
          body: deployment(c.before),
        });
      } catch (error) {
        return {
          skipped: 'the release before the change was refused',
          skippedDetail: String((error as { body?: unknown }).body ?? error),
        };
      }
      await sim.settle();
      const before = await observe();
      if (!before.admitted) {
        return {
          skipped: 'pods of the release before the change were refused',
          skippedDetail: before.events.join('; '),
        };
      }
      if (!before.placed) {
        return {
          skipped: 'pods of the release before the change fit no node',
          skippedDetail: JSON.stringify(c.nodes),
        };
      }
      await createQuotas();
    } else if (c.relativeQuotas) {
      await createQuotas();
    }
    await sim.settle();

    cache.start();
    await cache.waitUntilSynced('sim', 10_000);
    const precheck = new PrecheckService({
      namespaces: new NamespaceReader(clusters, 5000),
      cache,
      logger: silent,
      cacheWaitMs: 10_000,
    });
    const manifests = yaml.dump(deployment(c.after, 2));
    const report = await precheck.check(
      {
        tenant: tenant.name,
        cluster: 'sim',
        operation: c.operation,
        profileName: 'generic',
        profile: undefined as any,
        ...(c.operation === 'install' ? {} : { release: RELEASE }),
        ...(c.operation === 'scale'
          ? { replicas: c.after.replicas }
          : { source: { kind: 'manifests' as const, manifests } }),
      },
      tenant,
    );
    const predicted = {
      admitted:
        report.reasons.filter(r => !report.capacity.reasons.includes(r))
          .length === 0,
      placed: report.capacity.ok,
    };

    const eventsBefore = new Set(
      (await core.listNamespacedEvent({ namespace: NS })).items.map(
        e => e.metadata?.name,
      ),
    );
    const refusals: string[] = [];
    try {
      if (c.operation === 'install') {
        await apps.createNamespacedDeployment({
          namespace: NS,
          body: deployment(c.after, 2),
        });
      } else {
        const current = await apps.readNamespacedDeployment({
          name: RELEASE,
          namespace: NS,
        });
        const next =
          c.operation === 'scale'
            ? {
                ...current,
                spec: { ...current.spec!, replicas: c.after.replicas },
              }
            : {
                ...current,
                spec: { ...current.spec!, ...deployment(c.after, 2).spec! },
              };
        await apps.replaceNamespacedDeployment({
          name: RELEASE,
          namespace: NS,
          body: next,
        });
      }
    } catch (error) {
      refusals.push(String((error as { body?: unknown }).body ?? error));
    }
    await sim.settle();
    const after = await observe(eventsBefore);
    refusals.push(...after.refusals);
    const observed = {
      admitted: refusals.length === 0 && after.admitted,
      placed: after.placed,
    };
    const agree =
      predicted.admitted === observed.admitted &&
      (!observed.admitted || predicted.placed === observed.placed);
    return { predicted, observed, agree, report, refusals };
  } finally {
    await cache.stop();
    await sim.close();
  }

  /**
   * Admission refused for good when a ReplicaSet of the release is left with ReplicaFailure
   * (a refusal that a retry got past, once terminating pods were gone, does not count).
   */
  async function observe(ignore: Set<string | undefined> = new Set()) {
    const events = (
      await core.listNamespacedEvent({ namespace: NS })
    ).items.filter(
      e => !ignore.has(e.metadata?.name) && e.reason === 'FailedCreate',
    );
    const replicaSets = (
      await apps.listNamespacedReplicaSet({
        namespace: NS,
        labelSelector: `app=${RELEASE}`,
      })
    ).items;
    const failing = replicaSets.filter(rs =>
      rs.status?.conditions?.some(
        cond => cond.type === 'ReplicaFailure' && cond.status === 'True',
      ),
    );
    const pods = (
      await core.listNamespacedPod({
        namespace: NS,
        labelSelector: `app=${RELEASE}`,
      })
    ).items;
    return {
      refusals: failing.length ? events.map(e => e.message ?? '') : [],
      events: events.map(e => e.message ?? ''),
      admitted: failing.length === 0,
      placed: pods.every(p => Boolean(p.spec?.nodeName)),
    };
  }
}
