import { startKubeSim, KubeSim } from './sim';
import {
  clientsFor,
  cpuNode,
  expectApiError,
  mergePatch,
} from './__testutils__/clients';

function deployment(
  name: string,
  replicas: number,
  extra: Record<string, any> = {},
  podSpec: Record<string, any> = {},
) {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              resources: { requests: { cpu: '100m' } },
            },
          ],
          ...podSpec,
        },
      },
      ...extra,
    },
  };
}

describe('workload controllers', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;
  const podsOf = async (ns: string, app: string) =>
    (
      await c.core.listNamespacedPod({
        namespace: ns,
        labelSelector: `app=${app}`,
      })
    ).items;

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    await c.core.createNode({ body: cpuNode('n1', '16', '64Gi') as any });
    await c.core.createNamespace({ body: { metadata: { name: 'wl' } } });
  });
  afterAll(() => sim.close());

  it('deployment creates a ReplicaSet and running pods, and scales up and down', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'wl',
      body: deployment('web', 3),
    });
    await sim.settle();
    let d = await c.apps.readNamespacedDeployment({
      name: 'web',
      namespace: 'wl',
    });
    expect(d.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      updatedReplicas: 3,
    });
    const rs = await c.apps.listNamespacedReplicaSet({
      namespace: 'wl',
      labelSelector: 'app=web',
    });
    expect(rs.items).toHaveLength(1);
    expect(rs.items[0].metadata?.name).toBe(
      `web-${rs.items[0].metadata?.labels?.['pod-template-hash']}`,
    );
    const pods = await podsOf('wl', 'web');
    expect(pods.map(p => p.status?.phase)).toEqual([
      'Running',
      'Running',
      'Running',
    ]);
    expect(
      pods.every(p =>
        p.metadata?.name?.startsWith(`${rs.items[0].metadata?.name}-`),
      ),
    ).toBe(true);
    expect(pods[0].metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicaSet',
      controller: true,
    });

    await c.apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace: 'wl', body: { spec: { replicas: 5 } } },
      mergePatch,
    );
    await sim.settle();
    expect(await podsOf('wl', 'web')).toHaveLength(5);
    await c.apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'wl', body: { spec: { replicas: 1 } } },
      mergePatch,
    );
    await sim.settle();
    expect(await podsOf('wl', 'web')).toHaveLength(1);
    d = await c.apps.readNamespacedDeployment({ name: 'web', namespace: 'wl' });
    expect(d.status).toMatchObject({ replicas: 1, availableReplicas: 1 });
    const scale = await c.apps.readNamespacedDeploymentScale({
      name: 'web',
      namespace: 'wl',
    });
    expect(scale.spec?.replicas).toBe(1);
  });

  it('rolling update stays within replicas + maxSurge when new pods cannot start', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'wl',
      body: deployment('roll', 4),
    });
    await sim.settle();
    // new template cannot be scheduled: the rollout stalls at the surge/unavailability bounds
    await c.apps.patchNamespacedDeployment(
      {
        name: 'roll',
        namespace: 'wl',
        body: {
          spec: { template: { spec: { nodeSelector: { missing: 'label' } } } },
        },
      },
      mergePatch,
    );
    await sim.settle();
    const pods = await podsOf('wl', 'roll');
    expect(pods).toHaveLength(5); // 4 + maxSurge (25% of 4, rounded up = 1)
    expect(pods.filter(p => p.status?.phase === 'Running')).toHaveLength(3); // 4 - maxUnavailable (1)
    const d = await c.apps.readNamespacedDeployment({
      name: 'roll',
      namespace: 'wl',
    });
    expect(d.status).toMatchObject({
      replicas: 5,
      updatedReplicas: 2,
      availableReplicas: 3,
    });
    const rss = await c.apps.listNamespacedReplicaSet({
      namespace: 'wl',
      labelSelector: 'app=roll',
    });
    expect(rss.items.map(r => r.spec?.replicas).sort()).toEqual([2, 3]);
    // fixing the template completes the rollout
    await c.apps.patchNamespacedDeployment(
      {
        name: 'roll',
        namespace: 'wl',
        body: { spec: { template: { spec: { nodeSelector: null } } } },
      },
      mergePatch,
    );
    await sim.settle();
    const done = await podsOf('wl', 'roll');
    expect(done.map(p => p.status?.phase)).toEqual([
      'Running',
      'Running',
      'Running',
      'Running',
    ]);
  });

  it('Recreate strategy never surges', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'wl',
      body: deployment('rec', 2, { strategy: { type: 'Recreate' } }),
    });
    await sim.settle();
    await c.apps.patchNamespacedDeployment(
      {
        name: 'rec',
        namespace: 'wl',
        body: {
          spec: { template: { spec: { nodeSelector: { missing: 'label' } } } },
        },
      },
      mergePatch,
    );
    await sim.settle();
    const pods = await podsOf('wl', 'rec');
    expect(pods).toHaveLength(2);
    expect(pods.every(p => p.status?.phase === 'Pending')).toBe(true);
  });

  it('statefulset creates ordinal pods with PVCs', async () => {
    await c.apps.createNamespacedStatefulSet({
      namespace: 'wl',
      body: {
        metadata: { name: 'db' },
        spec: {
          replicas: 2,
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: { containers: [{ name: 'db', image: 'postgres:16' }] },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: '1Gi' } },
              },
            },
          ],
        },
      },
    });
    await sim.settle();
    expect((await podsOf('wl', 'db')).map(p => p.metadata?.name)).toEqual([
      'db-0',
      'db-1',
    ]);
    const pvcs = await c.core.listNamespacedPersistentVolumeClaim({
      namespace: 'wl',
    });
    expect(pvcs.items.map(p => p.metadata?.name)).toEqual([
      'data-db-0',
      'data-db-1',
    ]);
    const sts = await c.apps.readNamespacedStatefulSet({
      name: 'db',
      namespace: 'wl',
    });
    expect(sts.status).toMatchObject({ replicas: 2, readyReplicas: 2 });
  });

  it('job runs a pod and completes when it succeeds', async () => {
    await c.batch.createNamespacedJob({
      namespace: 'wl',
      body: {
        metadata: { name: 'once' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'x', image: 'busybox' }],
            },
          },
        },
      },
    });
    await sim.settle();
    const pods = (
      await c.core.listNamespacedPod({
        namespace: 'wl',
        labelSelector: 'job-name=once',
      })
    ).items;
    expect(pods).toHaveLength(1);
    expect(pods[0].status?.phase).toBe('Running');
    await c.core.patchNamespacedPodStatus(
      {
        name: pods[0].metadata!.name!,
        namespace: 'wl',
        body: { status: { phase: 'Succeeded' } },
      },
      mergePatch,
    );
    await sim.settle();
    const job = await c.batch.readNamespacedJob({
      name: 'once',
      namespace: 'wl',
    });
    expect(job.status?.succeeded).toBe(1);
    expect(
      job.status?.conditions?.find(x => x.type === 'Complete')?.status,
    ).toBe('True');
  });

  it('deleting a deployment garbage-collects its ReplicaSets and pods', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'wl',
      body: deployment('gc', 2),
    });
    await sim.settle();
    expect(await podsOf('wl', 'gc')).toHaveLength(2);
    await c.apps.deleteNamespacedDeployment({ name: 'gc', namespace: 'wl' });
    await sim.settle();
    expect(await podsOf('wl', 'gc')).toHaveLength(0);
    expect(
      (
        await c.apps.listNamespacedReplicaSet({
          namespace: 'wl',
          labelSelector: 'app=gc',
        })
      ).items,
    ).toHaveLength(0);
  });

  it('deleting a namespace removes everything in it', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await c.apps.createNamespacedDeployment({
      namespace: 'doomed',
      body: deployment('app', 2),
    });
    await c.core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: { metadata: { name: 'cfg' } },
    });
    await sim.settle();
    const deleted = await c.core.deleteNamespace({ name: 'doomed' });
    expect(
      (deleted as unknown as { status?: { phase?: string } }).status?.phase,
    ).toBe('Terminating');
    await sim.settle();
    expect(
      (await expectApiError(() => c.core.readNamespace({ name: 'doomed' })))
        .code,
    ).toBe(404);
    expect(
      (
        await c.core.listPodForAllNamespaces({
          fieldSelector: 'metadata.namespace=doomed',
        })
      ).items,
    ).toHaveLength(0);
    expect(
      (
        await c.core.listConfigMapForAllNamespaces({
          fieldSelector: 'metadata.namespace=doomed',
        })
      ).items,
    ).toHaveLength(0);
    const err = await expectApiError(() =>
      c.core.createNamespacedConfigMap({
        namespace: 'doomed',
        body: { metadata: { name: 'late' } },
      }),
    );
    expect(err.code).toBe(404);
  });

  it('a ReplicaSet blocked by quota records FailedCreate and resumes when quota frees', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'tight' } } });
    await c.core.createNamespacedResourceQuota({
      namespace: 'tight',
      body: { metadata: { name: 'q' }, spec: { hard: { pods: '2' } } },
    });
    await c.apps.createNamespacedDeployment({
      namespace: 'tight',
      body: deployment('app', 3),
    });
    await sim.settle();
    expect(await podsOf('tight', 'app')).toHaveLength(2);
    const events = await c.core.listNamespacedEvent({
      namespace: 'tight',
      fieldSelector: 'reason=FailedCreate',
    });
    expect(events.items[0].message).toMatch(
      /^Error creating: pods "app-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2$/,
    );
    const d = await c.apps.readNamespacedDeployment({
      name: 'app',
      namespace: 'tight',
    });
    expect(
      d.status?.conditions?.find(x => x.type === 'ReplicaFailure')?.status,
    ).toBe('True');
    await c.core.patchNamespacedResourceQuota(
      {
        name: 'q',
        namespace: 'tight',
        body: { spec: { hard: { pods: '3' } } },
      },
      mergePatch,
    );
    await sim.settle();
    expect(await podsOf('tight', 'app')).toHaveLength(3);
  });
});
