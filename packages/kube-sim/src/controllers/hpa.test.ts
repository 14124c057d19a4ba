import { AutoscalingV2Api } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '../sim';
import { clientsFor, cpuNode, mergePatch } from '../__testutils__/clients';

describe('HorizontalPodAutoscaler controller', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;
  let hpa: AutoscalingV2Api;

  const deployment = (name: string, replicas: number) => ({
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'app:1',
              resources: { requests: { cpu: '100m' } },
            },
          ],
        },
      },
    },
  });
  const autoscaler = (name: string, min: number, max: number) => ({
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
  });

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    hpa = c.kc.makeApiClient(AutoscalingV2Api);
    await c.core.createNode({ body: cpuNode('n1', '16', '64Gi') as any });
    await c.core.createNamespace({ body: { metadata: { name: 'hpa' } } });
  });
  afterAll(() => sim.close());

  it('scales a target below minReplicas up to it, with an event and status', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'hpa',
      body: deployment('web', 1),
    });
    await hpa.createNamespacedHorizontalPodAutoscaler({
      namespace: 'hpa',
      body: autoscaler('web', 3, 5) as any,
    });
    await sim.settle();
    const d = await c.apps.readNamespacedDeployment({
      name: 'web',
      namespace: 'hpa',
    });
    expect(d.spec?.replicas).toBe(3);
    expect(d.status?.readyReplicas).toBe(3);
    const h = await hpa.readNamespacedHorizontalPodAutoscaler({
      name: 'web',
      namespace: 'hpa',
    });
    expect(h.status).toMatchObject({ currentReplicas: 3, desiredReplicas: 3 });
    expect(h.status?.lastScaleTime).toBeDefined();
    const byType = Object.fromEntries(
      (h.status?.conditions ?? []).map(x => [x.type, x]),
    );
    expect(byType.ScalingActive).toMatchObject({
      status: 'True',
      reason: 'ValidMetricFound',
      message:
        'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    });
    expect(byType.ScalingLimited).toMatchObject({
      status: 'False',
      reason: 'DesiredWithinRange',
    });
    const events = await c.core.listNamespacedEvent({
      namespace: 'hpa',
      fieldSelector: 'reason=SuccessfulRescale',
    });
    expect(events.items.map(e => e.message)).toEqual([
      'New size: 3; reason: Current number of replicas below Spec.MinReplicas',
    ]);
  });

  it('scales back to maxReplicas when the target is scaled above it, and leaves 0 alone', async () => {
    await c.apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace: 'hpa', body: { spec: { replicas: 9 } } },
      mergePatch,
    );
    await sim.settle();
    expect(
      (await c.apps.readNamespacedDeployment({ name: 'web', namespace: 'hpa' }))
        .spec?.replicas,
    ).toBe(5);
    await c.apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace: 'hpa', body: { spec: { replicas: 0 } } },
      mergePatch,
    );
    await sim.settle();
    expect(
      (await c.apps.readNamespacedDeployment({ name: 'web', namespace: 'hpa' }))
        .spec?.replicas,
    ).toBe(0);
    const h = await hpa.readNamespacedHorizontalPodAutoscaler({
      name: 'web',
      namespace: 'hpa',
    });
    expect(
      h.status?.conditions?.find(x => x.type === 'ScalingActive'),
    ).toMatchObject({
      status: 'False',
      reason: 'ScalingDisabled',
      message:
        'scaling is disabled since the replica count of the target is zero',
    });
  });

  it('reports a missing scale target', async () => {
    await hpa.createNamespacedHorizontalPodAutoscaler({
      namespace: 'hpa',
      body: autoscaler('ghost', 1, 2) as any,
    });
    await sim.settle();
    const h = await hpa.readNamespacedHorizontalPodAutoscaler({
      name: 'ghost',
      namespace: 'hpa',
    });
    expect(h.status?.conditions?.[0]).toMatchObject({
      type: 'AbleToScale',
      status: 'False',
      reason: 'FailedGetScale',
      message:
        'the HPA controller was unable to get the target\'s current scale: deployments.apps "ghost" not found',
    });
  });
});
