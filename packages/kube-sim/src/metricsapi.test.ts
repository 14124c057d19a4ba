import { startKubeSim, KubeSim } from './sim';
import { MetricsModel, SCRAPE_INTERVAL_MS } from './metricsapi';
import { renderDcgmMetrics } from './metrics';
import {
  clientsFor,
  cpuNode,
  expectApiError,
  gpuNode,
} from './__testutils__/clients';

const cores = (s: string) => Number(s.replace(/n$/, '')) / 1e9;
const kib = (s: string) => Number(s.replace(/Ki$/, ''));

describe('metrics.k8s.io (kubectl top)', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim({
      port: 0,
      scenario: {
        objects: [
          gpuNode('gpu-1', 'NVIDIA-A100-SXM4-80GB', 4, 81920),
          cpuNode('cpu-1', '16', '64Gi'),
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'm' },
          },
          ...['llm-a', 'llm-b', 'llm-c'].map(name => ({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name, namespace: 'm', labels: { app: 'llm' } },
            spec: {
              nodeSelector: {
                'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
              },
              containers: [
                {
                  name: 'vllm',
                  image: 'vllm/vllm-openai:v0.6.3',
                  resources: {
                    requests: { cpu: '2', memory: '16Gi' },
                    limits: { cpu: '4', memory: '32Gi', 'nvidia.com/gpu': '1' },
                  },
                },
              ],
            },
          })),
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'web', namespace: 'm', labels: { app: 'web' } },
            spec: {
              nodeName: 'cpu-1',
              containers: [
                {
                  name: 'web',
                  image: 'nginx',
                  resources: { requests: { cpu: '500m', memory: '256Mi' } },
                },
                { name: 'sidecar', image: 'envoy' },
              ],
            },
          },
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'pending', namespace: 'm' },
            spec: {
              nodeSelector: { nowhere: 'true' },
              containers: [{ name: 'c', image: 'busybox' }],
            },
          },
        ],
      },
    });
    c = clientsFor(sim);
    await sim.settle();
  });
  afterAll(() => sim.close());

  const get = async (path: string) =>
    (await fetch(`${sim.url}/apis/metrics.k8s.io/v1beta1${path}`)).json();

  it('is discoverable', async () => {
    const groups = await (await fetch(`${sim.url}/apis`)).json();
    expect(
      groups.groups.find((g: any) => g.name === 'metrics.k8s.io'),
    ).toMatchObject({ preferredVersion: { version: 'v1beta1' } });
    const list = await get('');
    expect(list.resources).toEqual([
      expect.objectContaining({
        name: 'nodes',
        kind: 'NodeMetrics',
        verbs: ['get', 'list'],
      }),
      expect.objectContaining({
        name: 'pods',
        kind: 'PodMetrics',
        namespaced: true,
      }),
    ]);
  });

  it('lists NodeMetrics and PodMetrics of running pods', async () => {
    const nodes = (await c.custom.listClusterCustomObject({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      plural: 'nodes',
    })) as any;
    expect(nodes.kind).toBe('NodeMetricsList');
    expect(nodes.items.map((n: any) => n.metadata.name)).toEqual([
      'cpu-1',
      'gpu-1',
    ]);
    for (const n of nodes.items) {
      expect(n.usage.cpu).toMatch(/^\d+n$/);
      expect(n.usage.memory).toMatch(/^\d+Ki$/);
      expect(n.window).toBe('15s');
    }
    const pods = await get('/namespaces/m/pods');
    expect(pods.kind).toBe('PodMetricsList');
    expect(pods.items.map((p: any) => p.metadata.name)).toEqual([
      'llm-a',
      'llm-b',
      'llm-c',
      'web',
    ]);
    const web = await get('/namespaces/m/pods/web');
    expect(web.containers.map((x: any) => x.name)).toEqual(['web', 'sidecar']);
    expect(cores(web.containers[0].usage.cpu)).toBeLessThanOrEqual(0.75);
    const selected = await get('/pods?labelSelector=app%3Dweb');
    expect(selected.items).toHaveLength(1);

    // a node uses at least what its pods use
    const gpu = nodes.items.find((n: any) => n.metadata.name === 'gpu-1');
    let podCpu = 0;
    let podMem = 0;
    for (const p of pods.items.filter((x: any) =>
      x.metadata.name.startsWith('llm'),
    )) {
      podCpu += cores(p.containers[0].usage.cpu);
      podMem += kib(p.containers[0].usage.memory);
    }
    expect(cores(gpu.usage.cpu)).toBeGreaterThan(podCpu);
    expect(kib(gpu.usage.memory)).toBeGreaterThan(podMem);
  });

  it('answers 404 like metrics-server for pods without metrics', async () => {
    const res = await fetch(
      `${sim.url}/apis/metrics.k8s.io/v1beta1/namespaces/m/pods/pending`,
    );
    expect(res.status).toBe(404);
    expect((await res.json()).message).toBe(
      'podmetrics.metrics.k8s.io "m/pending" not found',
    );
    const node = await expectApiError(() =>
      c.custom.getClusterCustomObject({
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        plural: 'nodes',
        name: 'nope',
      }),
    );
    expect(node.code).toBe(404);
    expect(node.status.message).toBe(
      'nodemetrics.metrics.k8s.io "nope" not found',
    );
  });

  it('moves over time and agrees with the DCGM series of the same GPUs', () => {
    const model = new MetricsModel(sim.store);
    const t0 = Math.floor(Date.now() / SCRAPE_INTERVAL_MS) * SCRAPE_INTERVAL_MS;
    // the same within a scrape window
    expect(model.listPods(t0 + 1000, 'm')).toEqual(
      model.listPods(t0 + 14_000, 'm'),
    );
    const seen = new Set<string>();
    let checked = 0;
    for (let i = 0; i < 40; i++) {
      const t = t0 + i * 60_000;
      const text = renderDcgmMetrics(sim.store, t);
      for (const p of model
        .listPods(t, 'm')
        .filter(x => x.metadata!.name!.startsWith('llm'))) {
        const util = new RegExp(
          `^DCGM_FI_DEV_GPU_UTIL\\{[^}]*pod="${p.metadata!.name}"\\} (\\d+)$`,
          'm',
        ).exec(text);
        expect(util).not.toBeNull();
        const gpuLoad = Number(util![1]) / 100;
        const cpu = cores(p.containers[0].usage.cpu);
        seen.add(p.containers[0].usage.cpu);
        // cpu = base + (limit - base) * 0.9 * load, base = 2 % of the 4-core limit
        const load = (cpu - 0.08) / ((4 - 0.08) * 0.9);
        expect(Math.abs(load - gpuLoad)).toBeLessThan(0.03);
        checked++;
      }
    }
    expect(checked).toBe(120);
    expect(seen.size).toBeGreaterThan(20);
  });
});
