import { V1Node, V1Pod } from '@kubernetes/client-node';
import fc from 'fast-check';
import { ClusterState } from '../clusters/cache/ClusterState';
import { stripNode, stripPod } from '../clusters/cache/strip';
import { ClusterGpuAggregates } from './ClusterGpuAggregates';

const gpuNode = (
  name: string,
  product: string,
  resources: Record<string, string>,
  labels: Record<string, string> = {},
): V1Node => ({
  metadata: {
    name,
    labels: {
      'nvidia.com/gpu.product': product,
      'nvidia.com/gpu.memory': '81920',
      'nvidia.com/gpu.count': '8',
      'nvidia.com/gpu.sharing-strategy': 'none',
      ...labels,
    },
  },
  status: {
    capacity: { cpu: '96', ...resources },
    allocatable: { cpu: '96', ...resources },
  },
});

const cpuNode = (name: string): V1Node => ({
  metadata: { name },
  status: { capacity: { cpu: '16' }, allocatable: { cpu: '16' } },
});

const pod = (
  namespace: string,
  name: string,
  gpu: Record<string, string>,
  placement: {
    node?: string;
    phase?: string;
    reason?: string;
    labels?: Record<string, string>;
    product?: string;
  } = {},
): V1Pod => ({
  metadata: {
    namespace,
    name,
    uid: `${namespace}-${name}`,
    labels: placement.labels,
  },
  spec: {
    ...(placement.node ? { nodeName: placement.node } : {}),
    ...(placement.product
      ? { nodeSelector: { 'nvidia.com/gpu.product': placement.product } }
      : {}),
    containers: [
      {
        name: 'main',
        resources: { requests: { cpu: '1', ...gpu }, limits: gpu },
      },
    ],
  },
  status: {
    phase: placement.phase ?? (placement.node ? 'Running' : 'Pending'),
    ...(placement.reason
      ? {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: placement.reason,
            },
          ],
        }
      : {}),
  },
});

function setup() {
  const gpu = new ClusterGpuAggregates();
  const state = new ClusterState(gpu);
  return {
    gpu,
    node: (n: V1Node) => state.upsertNode(stripNode(n)),
    removeNode: (name: string) => state.removeNode(name),
    pod: (p: V1Pod) => state.upsertPod(stripPod(p)),
    removePod: (namespace: string, name: string) =>
      state.removePod({ namespace, name }),
    state,
  };
}

/** What a fresh aggregate computes from the final state in one go. */
function recomputed(state: ClusterState) {
  const fresh = new ClusterGpuAggregates();
  fresh.nodesReset(state.nodes.values());
  fresh.podsReset(state.pods.values());
  return fresh;
}

function snapshot(gpu: ClusterGpuAggregates) {
  return {
    resources: gpu.resources(),
    models: gpu.modelRows(),
    nodes: [...gpu.nodes()]
      .map(n => ({ ...n, allocated: gpu.allocatedOn(n.name) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    holdings: [...gpu.holdings()]
      .map(([ns, releases]) => [ns, [...releases].sort()] as const)
      .sort(),
    pending: [...gpu.pendingPods()].map(p => `${p.namespace}/${p.name}`).sort(),
  };
}

describe('ClusterGpuAggregates', () => {
  it('counts capacity, allocatable, allocated and free by node and GPU model as nodes and pods arrive', () => {
    const c = setup();
    c.node(
      gpuNode('a100-1', 'NVIDIA-A100-SXM4-80GB', { 'nvidia.com/gpu': '8' }),
    );
    c.node(
      gpuNode('a100-2', 'NVIDIA-A100-SXM4-80GB', { 'nvidia.com/gpu': '8' }),
    );
    c.node(
      gpuNode(
        'l4-1',
        'NVIDIA-L4',
        { 'nvidia.com/gpu': '4' },
        {
          'nvidia.com/gpu.memory': '23034',
          'nvidia.com/gpu.sharing-strategy': 'time-slicing',
        },
      ),
    );
    c.node(cpuNode('cpu-1'));
    expect(c.gpu.gpuNodeCount()).toBe(3);
    expect(c.gpu.gpus()).toEqual({
      capacity: 20,
      allocatable: 20,
      allocated: 0,
      free: 20,
    });

    c.pod(
      pod('team-a', 'llm-0', { 'nvidia.com/gpu': '2' }, { node: 'a100-1' }),
    );
    c.pod(
      pod('team-a', 'llm-1', { 'nvidia.com/gpu': '2' }, { node: 'a100-2' }),
    );
    c.pod(pod('team-b', 'vis-0', { 'nvidia.com/gpu': '1' }, { node: 'l4-1' }));
    c.pod(pod('team-b', 'cpu-only', {}, { node: 'cpu-1' }));

    expect(c.gpu.gpus()).toEqual({
      capacity: 20,
      allocatable: 20,
      allocated: 5,
      free: 15,
    });
    expect(c.gpu.modelRows()).toEqual([
      {
        product: 'NVIDIA-A100-SXM4-80GB',
        memoryMiB: 81920,
        nodes: 2,
        sharingStrategies: ['none'],
        capacity: 16,
        allocatable: 16,
        allocated: 4,
        free: 12,
      },
      {
        product: 'NVIDIA-L4',
        memoryMiB: 23034,
        nodes: 1,
        sharingStrategies: ['time-slicing'],
        capacity: 4,
        allocatable: 4,
        allocated: 1,
        free: 3,
      },
    ]);
    expect(c.gpu.allocatedOn('a100-1')).toEqual({
      resources: { 'nvidia.com/gpu': 2 },
      pods: 1,
    });
    expect(c.gpu.holdings().get('team-b')?.get('')).toEqual({
      resources: { 'nvidia.com/gpu': 1 },
      pods: 1,
      pendingPods: 0,
      pendingResources: {},
    });
  });

  it('turns a Pending GPU pod from queued demand into allocation when it is bound, and lets go when it finishes or is deleted', () => {
    const c = setup();
    c.node(gpuNode('l4-1', 'NVIDIA-L4', { 'nvidia.com/gpu': '4' }));
    c.pod(
      pod(
        'team-a',
        'big',
        { 'nvidia.com/gpu': '2' },
        {
          reason: '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.',
          product: 'NVIDIA-L4',
        },
      ),
    );
    expect([...c.gpu.pendingPods()]).toEqual([
      {
        namespace: 'team-a',
        name: 'big',
        state: 'pending',
        release: '',
        resources: { 'nvidia.com/gpu': 2 },
        product: 'NVIDIA-L4',
        reason: '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.',
      },
    ]);
    expect(c.gpu.holdings().get('team-a')?.get('')).toMatchObject({
      pods: 0,
      pendingPods: 1,
      pendingResources: { 'nvidia.com/gpu': 2 },
    });
    expect(c.gpu.gpus().allocated).toBe(0);

    c.pod(pod('team-a', 'big', { 'nvidia.com/gpu': '2' }, { node: 'l4-1' }));
    expect([...c.gpu.pendingPods()]).toEqual([]);
    expect(c.gpu.gpus()).toMatchObject({ allocated: 2, free: 2 });
    expect(c.gpu.holdings().get('team-a')?.get('')).toMatchObject({
      pods: 1,
      pendingPods: 0,
      resources: { 'nvidia.com/gpu': 2 },
    });

    c.pod(
      pod(
        'team-a',
        'big',
        { 'nvidia.com/gpu': '2' },
        { node: 'l4-1', phase: 'Succeeded' },
      ),
    );
    expect(c.gpu.gpus()).toMatchObject({ allocated: 0, free: 4 });
    expect(c.gpu.holdings().has('team-a')).toBe(false);

    c.pod(pod('team-a', 'again', { 'nvidia.com/gpu': '1' }, { node: 'l4-1' }));
    c.removePod('team-a', 'again');
    expect(c.gpu.gpus()).toMatchObject({ allocated: 0, free: 4 });
    expect(c.gpu.allocatedOn('l4-1')).toEqual({ resources: {}, pods: 0 });
  });

  it('keeps MIG profiles and HAMi GPU memory and cores as resources of their own', () => {
    const c = setup();
    c.node(
      gpuNode(
        'mig-1',
        'NVIDIA-A100-SXM4-80GB',
        {
          'nvidia.com/gpu': '2',
          'nvidia.com/mig-1g.10gb': '14',
        },
        { 'nvidia.com/mig.strategy': 'mixed' },
      ),
    );
    c.node(
      gpuNode('hami-1', 'NVIDIA-A100-SXM4-80GB', {
        'nvidia.com/gpu': '40',
        'nvidia.com/gpumem': '655360',
        'nvidia.com/gpucores': '800',
      }),
    );
    c.pod(
      pod(
        'team-b',
        'slice',
        { 'nvidia.com/mig-1g.10gb': '3' },
        { node: 'mig-1' },
      ),
    );
    c.pod(
      pod(
        'team-a',
        'shared',
        {
          'nvidia.com/gpu': '1',
          'nvidia.com/gpumem': '20000',
          'nvidia.com/gpucores': '30',
        },
        { node: 'hami-1' },
      ),
    );
    expect(c.gpu.resources()).toEqual({
      'nvidia.com/gpu': {
        capacity: 42,
        allocatable: 42,
        allocated: 1,
        free: 41,
      },
      'nvidia.com/gpucores': {
        capacity: 800,
        allocatable: 800,
        allocated: 30,
        free: 770,
      },
      'nvidia.com/gpumem': {
        capacity: 655360,
        allocatable: 655360,
        allocated: 20000,
        free: 635360,
      },
      'nvidia.com/mig-1g.10gb': {
        capacity: 14,
        allocatable: 14,
        allocated: 3,
        free: 11,
      },
    });
    expect(c.gpu.node('mig-1')).toMatchObject({
      migStrategy: 'mixed',
      gpuCount: 8,
    });
  });

  it('moves a node between models when its labels change and drops it when it is deleted', () => {
    const c = setup();
    c.node(gpuNode('n1', 'NVIDIA-L4', { 'nvidia.com/gpu': '4' }));
    c.pod(pod('team-a', 'p', { 'nvidia.com/gpu': '3' }, { node: 'n1' }));
    c.node(gpuNode('n1', 'NVIDIA-H100-80GB-HBM3', { 'nvidia.com/gpu': '8' }));
    expect(
      c.gpu.modelRows().map(m => [m.product, m.allocatable, m.allocated]),
    ).toEqual([['NVIDIA-H100-80GB-HBM3', 8, 3]]);
    c.removeNode('n1');
    expect(c.gpu.modelRows()).toEqual([]);
    expect(c.gpu.gpus()).toEqual({
      capacity: 0,
      allocatable: 0,
      allocated: 0,
      free: 0,
    });
    // the pod is still bound; when the node comes back its allocation counts again
    c.node(gpuNode('n1', 'NVIDIA-L4', { 'nvidia.com/gpu': '4' }));
    expect(c.gpu.gpus()).toEqual({
      capacity: 4,
      allocatable: 4,
      allocated: 3,
      free: 1,
    });
  });

  it('ignores pod updates that change nothing it counts, so what was built from it stays valid', () => {
    const c = setup();
    c.node(gpuNode('n1', 'NVIDIA-L4', { 'nvidia.com/gpu': '4' }));
    c.pod(pod('team-a', 'p', { 'nvidia.com/gpu': '1' }, { node: 'n1' }));
    const version = c.gpu.version;
    c.pod(
      pod(
        'team-a',
        'p',
        { 'nvidia.com/gpu': '1' },
        { node: 'n1', labels: { restarted: 'yes' } },
      ),
    );
    expect(c.gpu.version).toBe(version);
    c.pod(pod('team-a', 'p', { 'nvidia.com/gpu': '2' }, { node: 'n1' }));
    expect(c.gpu.version).toBeGreaterThan(version);
    expect(c.gpu.gpus().allocated).toBe(2);
  });

  it('finds pods by backstage.io/kubernetes-id and follows label changes', () => {
    const c = setup();
    const labels = { 'backstage.io/kubernetes-id': 'llama' };
    c.pod(pod('team-a', 'llama-0', { 'nvidia.com/gpu': '1' }, { labels }));
    c.pod(pod('team-a', 'llama-1', {}, { labels }));
    expect(
      c.gpu
        .podsWithKubernetesId('llama')
        .map(p => p.name)
        .sort(),
    ).toEqual(['llama-0', 'llama-1']);
    c.pod(
      pod(
        'team-a',
        'llama-1',
        {},
        { labels: { 'backstage.io/kubernetes-id': 'other' } },
      ),
    );
    expect(c.gpu.podsWithKubernetesId('llama').map(p => p.name)).toEqual([
      'llama-0',
    ]);
    c.removePod('team-a', 'llama-0');
    expect(c.gpu.podsWithKubernetesId('llama')).toEqual([]);
  });

  it('after any sequence of events equals what a fresh count of the final state gives', () => {
    const nodes = ['n0', 'n1', 'n2'];
    const event = fc.oneof(
      fc.record({
        kind: fc.constant('node' as const),
        name: fc.constantFrom(...nodes),
        product: fc.constantFrom('NVIDIA-L4', 'NVIDIA-A100-SXM4-80GB'),
        gpus: fc.integer({ min: 0, max: 8 }),
        mig: fc.integer({ min: 0, max: 7 }),
      }),
      fc.record({
        kind: fc.constant('removeNode' as const),
        name: fc.constantFrom(...nodes),
      }),
      fc.record({
        kind: fc.constant('pod' as const),
        namespace: fc.constantFrom('team-a', 'team-b'),
        name: fc.constantFrom('p0', 'p1', 'p2', 'p3'),
        gpus: fc.integer({ min: 0, max: 3 }),
        mig: fc.integer({ min: 0, max: 2 }),
        node: fc.option(fc.constantFrom(...nodes, 'gone'), { nil: undefined }),
        phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed'),
        release: fc.constantFrom(undefined, 'r1', 'r2'),
      }),
      fc.record({
        kind: fc.constant('removePod' as const),
        namespace: fc.constantFrom('team-a', 'team-b'),
        name: fc.constantFrom('p0', 'p1', 'p2', 'p3'),
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), events => {
        const c = setup();
        for (const e of events) {
          if (e.kind === 'node') {
            c.node(
              gpuNode(e.name, e.product, {
                'nvidia.com/gpu': String(e.gpus),
                'nvidia.com/mig-1g.10gb': String(e.mig),
              }),
            );
          } else if (e.kind === 'removeNode') {
            c.removeNode(e.name);
          } else if (e.kind === 'pod') {
            c.pod(
              pod(
                e.namespace,
                e.name,
                {
                  ...(e.gpus ? { 'nvidia.com/gpu': String(e.gpus) } : {}),
                  ...(e.mig ? { 'nvidia.com/mig-1g.10gb': String(e.mig) } : {}),
                },
                {
                  node: e.node,
                  phase: e.phase,
                  labels: e.release
                    ? { 'app.kubernetes.io/instance': e.release }
                    : {},
                },
              ),
            );
          } else {
            c.removePod(e.namespace, e.name);
          }
        }
        expect(snapshot(c.gpu)).toEqual(snapshot(recomputed(c.state)));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
