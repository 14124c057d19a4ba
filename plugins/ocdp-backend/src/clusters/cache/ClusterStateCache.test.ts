import { mockServices } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig, V1Pod } from '@kubernetes/client-node';
import { KubeSim, startKubeSim } from '@ocdp/kube-sim';
import { formatQuantity } from '@ocdp/plugin-ocdp-common';
import { DefaultOcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { DefaultClusterStateCache } from './ClusterStateCache';

jest.setTimeout(60_000);

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

const pod = (name: string, gpus: string): V1Pod => ({
  metadata: { name, namespace: 'team-a', labels: { app: 'cache-test' } },
  spec: {
    containers: [
      {
        name: 'main',
        image: 'busybox',
        resources: { limits: { 'nvidia.com/gpu': gpus } },
        env: [{ name: 'SECRET_LOOKING', value: 'not kept' }],
      },
    ],
    initContainers: [
      {
        name: 'init',
        image: 'busybox',
        resources: { requests: { cpu: '2' } },
      },
    ],
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
  },
});

describe('DefaultClusterStateCache', () => {
  let sim: KubeSim;
  let cache: DefaultClusterStateCache;
  let core: CoreV1Api;

  beforeEach(async () => {
    sim = await startKubeSim({ port: 0, scenario: 'demo', eventWindow: 10 });
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
    });
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeConfig());
    core = kc.makeApiClient(CoreV1Api);
  });

  afterEach(async () => {
    await cache.stop();
    await sim.close();
  });

  it('loads every node and pod once, in pages, with effective pod requests', async () => {
    cache.start();
    await cache.waitUntilSynced('demo', 10_000);
    const nodes = (await core.listNode()).items;
    const pods = (await core.listPodForAllNamespaces()).items;
    expect(
      cache
        .nodes('demo')
        .map(n => n.name)
        .sort(),
    ).toEqual(nodes.map(n => n.metadata!.name).sort());
    expect(cache.health('demo')).toMatchObject({
      synced: true,
      nodes: nodes.length,
      pods: pods.length,
      relists: 0,
    });
    const gpuNode = cache
      .nodes('demo')
      .find(n => n.labels['nvidia.com/gpu.product']);
    expect(gpuNode?.allocatable['nvidia.com/gpu']).toBeDefined();

    // what the cache adds up per node equals the pods the API server says run there
    const onNode = pods.filter(
      p =>
        p.spec?.nodeName === gpuNode!.name &&
        !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''),
    );
    const expectedGpus = onNode.reduce(
      (n, p) =>
        n +
        p.spec!.containers.reduce(
          (m, c) => m + Number(c.resources?.requests?.['nvidia.com/gpu'] ?? 0),
          0,
        ),
      0,
    );
    const requested = cache.requestedOnNode('demo', gpuNode!.name)[
      'nvidia.com/gpu'
    ];
    expect(requested ? Number(formatQuantity(requested)) : 0).toBe(
      expectedGpus,
    );
  });

  it('follows creates, binds and deletes as they happen, keeping only the fields it uses', async () => {
    cache.start();
    await cache.waitUntilSynced('demo', 10_000);
    await core.createNamespacedPod({
      namespace: 'team-a',
      body: pod('cache-a', '1'),
    });
    await until(
      () =>
        cache
          .podsInNamespace('demo', 'team-a')
          .some(p => p.name === 'cache-a' && p.nodeName),
      'cache-a scheduled',
    );
    const cached = cache
      .podsInNamespace('demo', 'team-a')
      .find(p => p.name === 'cache-a')!;
    // limits default the requests of extended resources; the init container's cpu is the peak
    expect(formatQuantity(cached.requests['nvidia.com/gpu'])).toBe('1');
    expect(formatQuantity(cached.requests.cpu)).toBe('2');
    expect(cached.tolerations).toEqual([
      expect.objectContaining({ key: 'nvidia.com/gpu', operator: 'Exists' }),
    ]);
    const kept = JSON.stringify(cached, (_key, value) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    expect(kept).not.toContain('SECRET_LOOKING');
    expect(kept).not.toContain('busybox');
    const node = cached.nodeName!;
    const before = Number(
      formatQuantity(cache.requestedOnNode('demo', node)['nvidia.com/gpu']),
    );

    await core.deleteNamespacedPod({ name: 'cache-a', namespace: 'team-a' });
    await until(
      () =>
        !cache
          .podsInNamespace('demo', 'team-a')
          .some(p => p.name === 'cache-a'),
      'cache-a gone',
    );
    expect(
      Number(
        formatQuantity(cache.requestedOnNode('demo', node)['nvidia.com/gpu']),
      ),
    ).toBe(before - 1);
  });

  it('re-lists when its resourceVersion has expired (410 Gone) and restarts after errors', async () => {
    cache.start();
    await cache.waitUntilSynced('demo', 10_000);
    sim.setFaults({ errorRate: 1, errorStatus: 503 });
    await until(() => cache.health('demo').lastError !== undefined, 'an error');
    expect(cache.health('demo').lastError).toMatch(
      /^(nodes|pods): 503: Service Unavailable/,
    );

    // more changes than the simulator keeps for watch resumption (eventWindow 10)
    const type = (kind: string) =>
      sim.store.registry.byApiVersionKind('v1', kind)!;
    sim.api.create(type('Namespace'), undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'burst' },
    });
    for (let i = 0; i < 30; i++) {
      sim.api.create(type('Pod'), 'burst', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `burst-${i}`, namespace: 'burst' },
        spec: { containers: [{ name: 'main', image: 'busybox' }] },
      });
    }
    sim.setFaults({});
    await until(
      () => cache.podsInNamespace('demo', 'burst').length === 30,
      'the burst after re-listing',
    );
    const health = cache.health('demo');
    expect(health.relists).toBeGreaterThanOrEqual(1);
    await until(() => cache.health('demo').lastError === undefined, 'healthy');
  });

  it('says why a cluster it cannot reach is not loaded', async () => {
    sim.setFaults({ refuseConnections: true });
    cache.start();
    await expect(cache.waitUntilSynced('demo', 500)).rejects.toThrow(
      /cluster "demo" state is not loaded yet: (nodes|pods): API server unreachable/,
    );
    expect(cache.health('demo')).toMatchObject({ synced: false });
    expect(() => cache.health('nowhere')).toThrow(/not configured/);
  });
});

describe('DefaultClusterStateCache on a quiet cluster over HTTPS', () => {
  it('keeps watching, without errors, when nothing changes for longer than the client idle timeout (30 s)', async () => {
    // no bookmarks: the watches carry no data at all while nothing changes
    const sim = await startKubeSim({
      port: 0,
      tls: true,
      bookmarkIntervalMs: 600_000,
    });
    const clusters = new DefaultOcdpClustersService([
      {
        name: 'quiet',
        title: 'quiet',
        url: sim.url,
        caData: Buffer.from(sim.caCert!).toString('base64'),
        skipTLSVerify: false,
        serviceAccountToken: 'simulated',
        entityRef: 'resource:default/quiet',
      },
    ]);
    const logger = mockServices.logger.mock();
    const cache = new DefaultClusterStateCache({
      clusters,
      logger,
      watch: { minBackoffMs: 20, maxBackoffMs: 200 },
    });
    try {
      cache.start();
      await cache.waitUntilSynced('quiet', 10_000);
      await new Promise(resolve => setTimeout(resolve, 32_000));
      expect(logger.warn).not.toHaveBeenCalled();
      expect(cache.health('quiet')).toMatchObject({
        synced: true,
        watching: true,
        relists: 0,
      });
      expect(cache.health('quiet').lastError).toBeUndefined();
      await clusters.api('quiet', CoreV1Api).createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name: 'after-the-quiet' },
          spec: { containers: [{ name: 'main', image: 'busybox' }] },
        },
      });
      await until(
        () => cache.podsInNamespace('quiet', 'default').length === 1,
        'the pod made after the quiet time',
      );
    } finally {
      await cache.stop();
      await clusters.close();
      await sim.close();
    }
  });
});
