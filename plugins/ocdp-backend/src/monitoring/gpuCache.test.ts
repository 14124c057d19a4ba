import { isDeepStrictEqual } from 'node:util';
import { mockServices } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubeSim, startKubeSim } from '@ocdp/kube-sim';
import { DefaultOcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { DefaultClusterStateCache } from '../clusters/cache/ClusterStateCache';
import { stripNode, stripPod } from '../clusters/cache/strip';
import { ClusterGpuAggregates } from './ClusterGpuAggregates';
import { GpuMonitoringService } from './GpuMonitoringService';
import { TenantDirectory } from './TenantDirectory';

jest.setTimeout(60_000);

function numbers(gpu: ClusterGpuAggregates) {
  return {
    resources: gpu.resources(),
    models: gpu.modelRows(),
    nodes: [...gpu.nodes()]
      .map(n => ({ name: n.name, allocated: gpu.allocatedOn(n.name) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    holdings: [...gpu.holdings()]
      .map(([ns, releases]) => [ns, [...releases].sort()] as const)
      .sort(),
    pending: [...gpu.pendingPods()].map(p => `${p.namespace}/${p.name}`).sort(),
  };
}

describe('GPU aggregates through the cluster cache, against the simulator', () => {
  let sim: KubeSim;
  let cache: DefaultClusterStateCache;
  let gpu: ClusterGpuAggregates;
  let core: CoreV1Api;
  let service: GpuMonitoringService;

  async function start(options: { eventWindow?: number } = {}) {
    sim = await startKubeSim({ port: 0, scenario: 'demo', ...options });
    const clusters = new DefaultOcdpClustersService([
      {
        name: 'demo',
        title: 'demo',
        url: sim.url,
        skipTLSVerify: true,
        serviceAccountToken: 'simulated',
        entityRef: 'resource:default/demo',
      },
    ]);
    cache = new DefaultClusterStateCache({
      clusters,
      logger: mockServices.logger.mock(),
      watch: { minBackoffMs: 20, maxBackoffMs: 200, pageSize: 7 },
      listen: () => {
        gpu = new ClusterGpuAggregates();
        return gpu;
      },
    });
    service = new GpuMonitoringService({
      clusters,
      cache,
      aggregates: () => gpu,
      directory: new TenantDirectory({
        store: { activeBindings: async () => [] },
      }),
      config: {
        prometheus: () => undefined,
        idleThresholdPercent: 5,
        idleWindow: '10m',
        cacheTtlMs: 1000,
        timeoutMs: 1000,
        staleAfterSeconds: 120,
      },
      logger: mockServices.logger.mock(),
    });
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeConfig());
    core = kc.makeApiClient(CoreV1Api);
    cache.start();
    await cache.waitUntilSynced('demo', 10_000);
  }

  afterEach(async () => {
    await cache?.stop();
    await sim?.close();
  });

  /** The same numbers counted from scratch out of a LIST of the API server now. */
  async function truth() {
    const fresh = new ClusterGpuAggregates();
    fresh.nodesReset((await core.listNode()).items.map(stripNode));
    fresh.podsReset((await core.listPodForAllNamespaces()).items.map(stripPod));
    return numbers(fresh);
  }

  async function untilMatchesTruth(what: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      await sim.settle();
      const expected = await truth();
      const actual = numbers(gpu);
      if (isDeepStrictEqual(actual, expected)) return actual;
      if (Date.now() > deadline) {
        expect({ what, actual }).toEqual({ what, actual: expected });
        throw new Error(`${what}: the numbers differ in key order only`);
      }
      await new Promise(r => setTimeout(r, 50));
    }
  }

  const type = (kind: string) =>
    sim.store.registry.byApiVersionKind('v1', kind)!;
  function createGpuPods(namespace: string, count: number) {
    if (!sim.store.get(type('Namespace'), undefined, namespace)) {
      sim.api.create(type('Namespace'), undefined, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      });
    }
    for (let i = 0; i < count; i++) {
      sim.api.create(type('Pod'), namespace, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${namespace}-${i}`, namespace },
        spec: {
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
          containers: [
            {
              name: 'main',
              image: 'busybox',
              resources: { limits: { 'nvidia.com/gpu': '1' } },
            },
          ],
        },
      });
    }
  }

  it('matches a fresh count after the first LIST', async () => {
    await start();
    const numbersNow = await untilMatchesTruth('first sync');
    expect(numbersNow.resources['nvidia.com/gpu'].capacity).toBeGreaterThan(0);
    expect(numbersNow.pending.length).toBeGreaterThan(0);
  });

  it('resumes dropped watches from their resourceVersion and misses no event', async () => {
    await start();
    await sim.setFaults({ dropWatchesAfterMs: 150 });
    for (let round = 0; round < 5; round++) {
      createGpuPods(`drop-${round}`, 4);
      await new Promise(r => setTimeout(r, 120));
    }
    await untilMatchesTruth('after dropped watches');
    expect(cache.health('demo').relists).toBe(0);
    // binding and deleting still follow
    await core.deleteNamespacedPod({ namespace: 'drop-0', name: 'drop-0-0' });
    await untilMatchesTruth('after a delete');
  });

  it('re-lists after 410 Gone and counts from the new LIST, not on top of the old', async () => {
    await start({ eventWindow: 10 });
    await sim.setFaults({ errorRate: 1, errorStatus: 503 });
    await new Promise(r => setTimeout(r, 100));
    createGpuPods('gone', 30);
    await core
      .deleteNamespacedPod({ namespace: 'team-a', name: 'x' })
      .catch(() => undefined);
    await sim.setFaults({});
    await untilMatchesTruth('after re-listing');
    expect(cache.health('demo').relists).toBeGreaterThanOrEqual(1);
  });

  it('marks the numbers stale while the cluster is down and recovers after', async () => {
    await start();
    expect(service.health('demo')).toMatchObject({
      synced: true,
      stale: false,
    });
    await sim.setFaults({ refuseConnections: true });
    const deadline = Date.now() + 20_000;
    while (!service.health('demo').stale) {
      if (Date.now() > deadline) throw new Error('never marked stale');
      await new Promise(r => setTimeout(r, 50));
    }
    expect(service.health('demo')).toMatchObject({
      stale: true,
      lastError: expect.stringMatching(/unreachable|ECONNRE/),
    });
    createGpuPods('while-down', 3);
    await sim.setFaults({});
    await untilMatchesTruth('after the outage');
    const recovered = Date.now() + 20_000;
    while (service.health('demo').stale) {
      if (Date.now() > recovered) throw new Error('never recovered');
      await new Promise(r => setTimeout(r, 50));
    }
    expect(service.health('demo')).toMatchObject({
      synced: true,
      stale: false,
    });
    expect(
      (await service.summary('demo', { kind: 'cluster' }))?.yours.pendingPods,
    ).toBe(numbers(gpu).pending.length);
  });
});
