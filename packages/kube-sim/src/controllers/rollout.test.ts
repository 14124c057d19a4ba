import { startKubeSim, KubeSim } from '../sim';
import { clientsFor, cpuNode } from '../__testutils__/clients';

/**
 * Rollouts with a ResourceQuota in the loop, as upstream's controllers drive them
 * (kubernetes/kubernetes pkg/controller/deployment and pkg/controller/replicaset):
 * - `syncDeployment` checks `isScalingEvent` first: when an active ReplicaSet's
 *   `deployment.kubernetes.io/desired-replicas` differs from spec.replicas, `sync` → `scale`
 *   resizes the active ReplicaSets and ends the sync; only later syncs roll (`rolloutRolling`).
 *   A change of the template and the replicas together therefore resizes the old ReplicaSet
 *   first.
 * - `reconcileNewReplicaSet` grows the new ReplicaSet up to replicas + maxSurge pods in all
 *   (counting ReplicaSet specs); `reconcileOldReplicaSets` may remove
 *   `allPods - (replicas - maxUnavailable) - newRSUnavailable` old pods, so a new pod that quota
 *   refused (it exists in the new ReplicaSet's spec, not as an available pod) holds the old ones.
 * - The ReplicaSet controller's failed creates (quota admission refuses each pod create) are
 *   requeued with backoff and retried until they succeed: once old pods have gone, the refused
 *   pods are created and the rollout goes on. With maxUnavailable 0 nothing can go first and
 *   the rollout stays stuck with the new ReplicaSet's ReplicaFailure condition.
 */
describe('rollouts under a ResourceQuota', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;
  let n = 0;

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    await c.core.createNode({ body: cpuNode('n1', '64', '256Gi') as any });
  });
  afterAll(() => sim.close());

  function deployment(
    replicas: number,
    cpu: string,
    image: string,
    rollingUpdate: { maxSurge: number; maxUnavailable: number },
  ) {
    return {
      metadata: { name: 'app' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'app' } },
        strategy: { type: 'RollingUpdate', rollingUpdate },
        template: {
          metadata: { labels: { app: 'app' } },
          spec: {
            containers: [
              {
                name: 'app',
                image,
                resources: { requests: { cpu }, limits: { cpu } },
              },
            ],
          },
        },
      },
    };
  }

  /** A namespace with one quota and the Deployment running `before`; then `after` applied. */
  async function rollout(
    hard: Record<string, string>,
    before: ReturnType<typeof deployment>,
    after: ReturnType<typeof deployment>,
  ) {
    const namespace = `roll-${++n}`;
    await c.core.createNamespace({ body: { metadata: { name: namespace } } });
    await c.core.createNamespacedResourceQuota({
      namespace,
      body: { metadata: { name: 'q' }, spec: { hard } },
    });
    await c.apps.createNamespacedDeployment({ namespace, body: before });
    await sim.settle();
    const running = await c.apps.readNamespacedDeployment({
      name: 'app',
      namespace,
    });
    await c.apps.replaceNamespacedDeployment({
      name: 'app',
      namespace,
      body: { ...running, spec: after.spec } as any,
    });
    await sim.settle();
    const pods = (await c.core.listNamespacedPod({ namespace })).items;
    const replicaSets = (await c.apps.listNamespacedReplicaSet({ namespace }))
      .items;
    const images = (image: string) =>
      pods.filter(p => p.spec?.containers[0].image === image).length;
    return {
      oldPods: images('app:1'),
      newPods: images('app:2'),
      failing: replicaSets.filter(rs =>
        rs.status?.conditions?.some(cond => cond.type === 'ReplicaFailure'),
      ).length,
    };
  }

  it('retries refused creates as old pods go: maxUnavailable 1 completes', async () => {
    const strategy = { maxSurge: 1, maxUnavailable: 1 };
    const result = await rollout(
      { pods: '2' },
      deployment(2, '500m', 'app:1', strategy),
      deployment(2, '500m', 'app:2', strategy),
    );
    expect(result).toEqual({ oldPods: 0, newPods: 2, failing: 0 });
  });

  it('stays stuck when no old pod may go first: maxUnavailable 0', async () => {
    const strategy = { maxSurge: 1, maxUnavailable: 0 };
    const result = await rollout(
      { pods: '2' },
      deployment(2, '500m', 'app:1', strategy),
      deployment(2, '500m', 'app:2', strategy),
    );
    expect(result).toEqual({ oldPods: 2, newPods: 0, failing: 1 });
  });

  it('resizes the old ReplicaSet first when the replicas change with the template', async () => {
    const strategy = { maxSurge: 1, maxUnavailable: 0 };
    // old pods of 2 CPUs, new of 500m: rolled at once, 2 CPUs + 2 x 500m fit in 4200m; resized
    // first, 2 old pods (4 CPUs) leave no room for the first new one, and none may go first
    const result = await rollout(
      { 'requests.cpu': '4200m' },
      deployment(1, '2', 'app:1', strategy),
      deployment(2, '500m', 'app:2', strategy),
    );
    expect(result).toEqual({ oldPods: 2, newPods: 0, failing: 1 });
  });

  it('resizes the old ReplicaSet first, then rolls, when the quota leaves room', async () => {
    const strategy = { maxSurge: 1, maxUnavailable: 0 };
    const result = await rollout(
      { 'requests.cpu': '4500m' },
      deployment(1, '2', 'app:1', strategy),
      deployment(2, '500m', 'app:2', strategy),
    );
    expect(result).toEqual({ oldPods: 0, newPods: 2, failing: 0 });
  });
});
