import {
  AutoscalingV2Api,
  NetworkingV1Api,
  PolicyV1Api,
} from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from './sim';
import { clientsFor } from './__testutils__/clients';

/** The object types the Backstage Kubernetes plugin lists by default (DEFAULT_OBJECTS). */
const BACKSTAGE_DEFAULT_OBJECTS = [
  ['', 'v1', 'pods'],
  ['', 'v1', 'services'],
  ['', 'v1', 'configmaps'],
  ['', 'v1', 'limitranges'],
  ['', 'v1', 'resourcequotas'],
  ['apps', 'v1', 'deployments'],
  ['apps', 'v1', 'replicasets'],
  ['autoscaling', 'v2', 'horizontalpodautoscalers'],
  ['batch', 'v1', 'jobs'],
  ['batch', 'v1', 'cronjobs'],
  ['networking.k8s.io', 'v1', 'ingresses'],
  ['apps', 'v1', 'statefulsets'],
  ['apps', 'v1', 'daemonsets'],
];

describe('served resource types', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    await c.core.createNamespace({ body: { metadata: { name: 'kinds' } } });
  });
  afterAll(() => sim.close());

  it.each(BACKSTAGE_DEFAULT_OBJECTS)(
    'serves %s/%s %s in discovery and as a namespaced list',
    async (group, version, plural) => {
      const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
      const disco = await (await fetch(`${sim.url}${base}`)).json();
      expect(disco.resources.map((r: any) => r.name)).toContain(plural);
      const res = await fetch(
        `${
          sim.url
        }${base}/namespaces/kinds/${plural}?labelSelector=${encodeURIComponent(
          'backstage.io/kubernetes-id=x',
        )}`,
      );
      expect(res.status).toBe(200);
      const list = await res.json();
      expect(list.items).toEqual([]);
      expect(list.apiVersion).toBe(group ? `${group}/${version}` : version);
    },
  );

  it('lists autoscaling, networking.k8s.io and policy in the API group list with their versions', async () => {
    const groups = await (await fetch(`${sim.url}/apis`)).json();
    const byName = Object.fromEntries(
      groups.groups.map((g: any) => [g.name, g.preferredVersion.version]),
    );
    expect(byName).toMatchObject({
      autoscaling: 'v2',
      'networking.k8s.io': 'v1',
      policy: 'v1',
    });
  });

  it('stores HorizontalPodAutoscalers (autoscaling/v2) through client-node', async () => {
    const hpa = c.kc.makeApiClient(AutoscalingV2Api);
    await hpa.createNamespacedHorizontalPodAutoscaler({
      namespace: 'kinds',
      body: {
        metadata: {
          name: 'web',
          labels: { 'backstage.io/kubernetes-id': 'x' },
        },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
          },
          minReplicas: 1,
          maxReplicas: 5,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 80 },
              },
            },
          ],
        },
      },
    });
    const list = await hpa.listNamespacedHorizontalPodAutoscaler({
      namespace: 'kinds',
      labelSelector: 'backstage.io/kubernetes-id=x',
    });
    expect(list.items.map(i => i.metadata?.name)).toEqual(['web']);
    expect(
      list.items[0].spec?.metrics?.[0].resource?.target.averageUtilization,
    ).toBe(80);
  });

  it('stores Ingresses, IngressClasses, NetworkPolicies and PodDisruptionBudgets', async () => {
    const net = c.kc.makeApiClient(NetworkingV1Api);
    await net.createIngressClass({
      body: {
        metadata: { name: 'nginx' },
        spec: { controller: 'k8s.io/ingress-nginx' },
      },
    });
    await net.createNamespacedIngress({
      namespace: 'kinds',
      body: {
        metadata: { name: 'web' },
        spec: {
          ingressClassName: 'nginx',
          rules: [
            {
              host: 'web.example.test',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: 'web', port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      },
    });
    const ing = await net.readNamespacedIngress({
      name: 'web',
      namespace: 'kinds',
    });
    expect(ing.spec?.rules?.[0].host).toBe('web.example.test');
    await net.createNamespacedNetworkPolicy({
      namespace: 'kinds',
      body: { metadata: { name: 'deny' }, spec: { podSelector: {} } },
    });
    expect(
      (await net.listNamespacedNetworkPolicy({ namespace: 'kinds' })).items,
    ).toHaveLength(1);
    const policy = c.kc.makeApiClient(PolicyV1Api);
    await policy.createNamespacedPodDisruptionBudget({
      namespace: 'kinds',
      body: {
        metadata: { name: 'web' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
      },
    });
    expect(
      (
        await policy.readNamespacedPodDisruptionBudget({
          name: 'web',
          namespace: 'kinds',
        })
      ).spec?.minAvailable,
    ).toBe(1);
  });
});
